using System.Text.Json;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// An EdgeLake and an EdgeNode operator get the same rows for tables that have no policy yet: each infers the table's
/// schema and publishes a <c>table</c> policy whose <c>create</c> is the same statement (the tables are named apart, so
/// each operator infers its own). In a mixed network the first operator to see a table decides its schema for all.
/// (Columns named like SQL key words are left out: EdgeNode quotes them in its DDL, "offset", and EdgeLake does not.)
/// </summary>
public sealed class SchemaInferenceInteropTests
{
    private const string Dbms = "infer";

    /// <summary>Rows that EdgeNode used to read differently: names, numbers, number-like strings, times, addresses, type conflicts.</summary>
    private static readonly (string Table, string Rows)[] Cases =
    [
        ("names", """[{"Temp C": 1, " padded ": 2, "air 温度": 3, "température": 4, "a-b.c": 5}]"""),
        ("numbers", """[{"zero": 0.0, "tiny": 1e-7, "huge": 1e20, "long_fraction": 1.123456, "short_fraction": 2.5, "event_time": 1767607200, "big": 3000000000}]"""),
        ("texts", """[{"plus": "+5", "neg": "-12345678", "zeros": "00000000001", "exp": "1e5", "dotted": "1.5", "long_dotted": "12345678901234567890.5", "code": "abc", "empty": ""}]"""),
        ("times", """[{"no_seconds": "2026-01-05T10:00", "nanos": "2026-01-05T10:00:00.123456789Z", "spaced": "2026-01-05 10:00:00.123456", "shifted": "2026-01-05T10:00:00+02:00", "day": "2026-01-05", "at": "1:02:03", "epoch_time": "1767607200"}]"""),
        ("addresses", """[{"v4": "10.0.0.1", "v6": "fe80::1", "net": "10.0.0.0/24", "id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}]"""),
        ("conflicts", """[{"int_text": 1, "text_int": "abc", "big_float": 300000000, "int_float": 1, "int_dec": 1, "char_char": "ab"}, """ +
                      """{"int_text": "xyz", "text_int": 7, "big_float": 2.123456, "int_float": 2.123456, "int_dec": 2.5, "char_char": "abcde", "late": 1}]"""),
    ];

    [Fact]
    public async Task Edgenode_publishes_the_table_policy_edgelake_publishes_for_the_same_rows()
    {
        PeerFolder.Require();
        await using var nodes = await OperatorPair.StartAsync("infer", Dbms);

        foreach (var (table, rows) in Cases)
        {
            await nodes.EdgeLake.Rest.PutRowsAsync(Dbms, "el_" + table, rows);
            await nodes.EdgeNodeRest.PutRowsAsync(Dbms, "en_" + table, rows);
        }
        var differences = new List<string>();
        foreach (var (table, rows) in Cases)
        {
            var fromEdgeLake = await CreateAsync(nodes.Master, "el_" + table);
            var fromEdgeNode = await CreateAsync(nodes.Master, "en_" + table);
            if (fromEdgeLake.Replace("el_" + table, "t", StringComparison.Ordinal) != fromEdgeNode.Replace("en_" + table, "t", StringComparison.Ordinal))
                differences.Add($"{rows}\n  EdgeLake: {fromEdgeLake}\n  EdgeNode: {fromEdgeNode}");
        }
        // and the EdgeNode operator loads every row into the schema it inferred
        foreach (var (table, rows) in Cases)
        {
            var expected = JsonDocument.Parse(rows).RootElement.GetArrayLength();
            var count = "";
            await Eventually.HoldsAsync(async () =>
                {
                    count = await nodes.EdgeNodeRest.GetAsync($"sql {Dbms} format = json \"select count(*) as n from en_{table}\"");
                    return count.Contains($"\"n\": {expected}", StringComparison.Ordinal) || count.Contains($"\"n\":{expected}", StringComparison.Ordinal);
                },
                $"the EdgeNode operator loaded the rows of en_{table} (last answer: {count}; operator: {await nodes.EdgeNode.RunAsync("get operator")})", TimeSpan.FromSeconds(60));
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>The <c>create</c> of a table's policy, once the operator published it to the master.</summary>
    private static async Task<string> CreateAsync(NodeProcess master, string table)
    {
        var create = "";
        await Eventually.HoldsAsync(async () =>
        {
            var answer = await master.RunAsync($"blockchain get table where dbms = {Dbms} and name = {table} bring [table][create]");
            create = answer.Trim();
            return create.StartsWith("CREATE TABLE", StringComparison.Ordinal);
        }, $"the policy of {table} is on the master", TimeSpan.FromSeconds(120));
        return create;
    }
}
