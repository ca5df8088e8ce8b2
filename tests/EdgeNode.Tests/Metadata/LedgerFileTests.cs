using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Tests.Metadata;

public sealed class LedgerFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ledger-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A ledger written by hand from SPEC §2: one json.dumps policy per line, blank lines, deletion markers, a torn tail.</summary>
    private const string HandWritten =
        "{\"cluster\": {\"company\": \"acme\", \"name\": \"c1\", \"status\": \"active\", \"id\": \"c1id\", \"date\": \"2026-01-01T00:00:00.000001Z\", \"ledger\": \"global\"}}\n" +
        "\n" +
        "{\"operator\": {\"name\": \"op1\", \"company\": \"acme\", \"ip\": \"10.0.0.1\", \"port\": 32148, \"cluster\": \"c1id\", \"main\": true, \"id\": \"op1id\", \"date\": \"2026-01-01T00:00:01.000000Z\", \"member\": 7, \"ledger\": \"global\"}}\n" +
        "{\"operator\": {\"name\": \"op2\", \"company\": \"acme\", \"ip\": \"10.0.0.2\", \"port\": 32148, \"cluster\": \"c1id\", \"id\": \"op2id\", \"date\": \"2026-01-01T00:00:02.000000Z\", \"ledger\": \"local\"}}\n" +
        "   \n" +
        "{\"deleted\": { \"id\" : \"op2id\", \"ledger\" : \"local\" }}\n" +
        "{\"table\": {\"name\": \"t\", \"dbms\": \"d\", \"create\": \"CREATE TABLE t(x int);\", \"id\": \"tid\", \"date\": \"2026-01-01T00:00:03.000000Z\"}}\n" +
        "{\"config\": {\"name\": \"half written";

    [Fact]
    public void A_hand_written_ledger_with_deletions_and_a_torn_last_line_loads()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, HandWritten);
        var load = LedgerFile.Read(path);
        Assert.Equal(["c1id", "op1id", "tid"], load.Policies.Select(p => p.Id));
        Assert.Equal(1, load.DeletedMarkers);
        Assert.Empty(load.InvalidLines);
        Assert.Equal("{\"config\": {\"name\": \"half written", load.TornTail);
        Assert.Contains("torn last line ignored", load.Describe(path), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_line_in_the_middle_is_reported_with_its_number_and_skipped()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, "{\"tag\": {\"id\": \"a\"}}\nnot json\n{\"a\": {}, \"b\": {}}\n{\"tag\": {\"id\": \"b\"}}\n");
        var load = LedgerFile.Read(path);
        Assert.Equal(["a", "b"], load.Policies.Select(p => p.Id));
        Assert.Equal([2, 3], load.InvalidLines.Select(l => l.Line));
        Assert.Null(load.TornTail);
    }

    [Fact]
    public void The_deleted_marker_is_byte_for_byte_edgelakes()
    {
        Assert.Equal("{\"deleted\": { \"id\" : \"abc\", \"ledger\" : \"local\" }}", LedgerFile.DeletedMarker("abc"));
    }

    [Fact]
    public void Appending_after_a_torn_line_moves_it_aside_and_keeps_the_file_valid()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, HandWritten);
        var note = LedgerFile.Append(path, ["{\"tag\": {\"name\": \"after\", \"id\": \"after\"}}"]);
        Assert.NotNull(note);
        var aside = Directory.GetFiles(_dir, "blockchain.json.torn.*").Single();
        Assert.Equal("{\"config\": {\"name\": \"half written", File.ReadAllText(aside));
        var load = LedgerFile.Read(path);
        Assert.True(load.IsClean);
        Assert.Equal(["c1id", "op1id", "tid", "after"], load.Policies.Select(p => p.Id));
    }

    [Fact]
    public void Appending_to_a_file_whose_valid_last_line_has_no_newline_adds_the_newline()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, "{\"tag\": {\"id\": \"a\"}}");
        Assert.Null(LedgerFile.Append(path, ["{\"tag\": {\"id\": \"b\"}}"]));
        Assert.Equal("{\"tag\": {\"id\": \"a\"}}\n{\"tag\": {\"id\": \"b\"}}\n", File.ReadAllText(path));
    }

    [Fact]
    public void Rewrite_replaces_the_file_atomically_and_leaves_no_temp_file()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, "old\n");
        LedgerFile.Rewrite(path, ["{\"tag\": {\"id\": \"a\"}}"]);
        Assert.Equal("{\"tag\": {\"id\": \"a\"}}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Version_is_the_md5_of_the_file_bytes()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, HandWritten);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(HandWritten))), LedgerFile.Md5(path));
        Assert.Equal("", LedgerFile.Md5(PathOf("missing.json")));
    }

    [Fact]
    public void Policies_are_written_as_python_json_dumps()
    {
        var policy = new Policy(System.Text.Json.Nodes.JsonNode.Parse(
            "{\"tag\":{\"name\":\"caf\u00e9 \\\"q\\\"\",\"n\":1,\"f\":1.50,\"e\":1e5,\"b\":true,\"z\":null,\"l\":[1,{\"a\":[]}]}}")!.AsObject());
        Assert.Equal("{\"tag\": {\"name\": \"caf\\u00e9 \\\"q\\\"\", \"n\": 1, \"f\": 1.5, \"e\": 100000.0, \"b\": true, \"z\": null, \"l\": [1, {\"a\": []}]}}",
            policy.ToJson());
    }

    [Fact]
    public void Policies_read_from_the_file_build_their_json_once_even_from_many_threads()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path, "{\"tag\": {\"name\": \"a\", \"id\": \"a1\", \"n\": 5}}\n");
        var policy = LedgerFile.Read(path).Policies.Single();
        Assert.Equal(("tag", "a1"), (policy.Type, policy.Id));
        var bodies = new System.Collections.Concurrent.ConcurrentBag<System.Text.Json.Nodes.JsonObject>();
        Parallel.For(0, 64, _ => bodies.Add(policy.Body));
        Assert.Single(bodies.Distinct());
        Assert.Equal(5, policy.Integer("n"));
        Assert.Same(policy.Body, policy.Root["tag"]);
    }

    [Fact]
    public void Attributes_read_from_the_line_equal_those_of_the_parsed_policy()
    {
        var path = PathOf("blockchain.json");
        var random = new Random(7);
        var lines = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ReferenceOutputs.File("blockchain_get_all_final.txt")))!.AsArray()
            .Select(p => EdgeNode.Core.Output.PyJson.Serialize(p))
            .Concat(Enumerable.Range(0, 40).Select(i =>
            {
                Assert.True(EdgeNode.Metadata.Policies.PolicyJson.TryParseObject(PolicyGenerator.Policy(random, i), out var obj, out _));
                return EdgeNode.Core.Output.PyJson.Serialize(obj);
            }));
        File.WriteAllLines(path, lines);
        foreach (var policy in LedgerFile.Read(path).Policies)
        {
            var keys = policy.Body.Select(kv => kv.Key).Distinct().ToArray();
            var tables = new List<(string?, string?, string?)>();
            var scanned = PolicyScan.Attributes(policy, keys, tables);
            for (var i = 0; i < keys.Length; i++)
                Assert.Equal(policy.Body[keys[i]] is System.Text.Json.Nodes.JsonValue ? policy.Text(keys[i]) : null, scanned[i]);
            if (policy.Body["table"] is System.Text.Json.Nodes.JsonArray list && list.All(t => t is System.Text.Json.Nodes.JsonObject))
                Assert.Equal(list.Select(t => (Policy.TextOf(t!["dbms"]), Policy.TextOf(t!["name"]), Policy.TextOf(t!["status"]))), tables);
        }
    }

    [Fact]
    public void Anmp_policies_change_the_attributes_of_their_targets()
    {
        var path = PathOf("blockchain.json");
        File.WriteAllText(path,
            "{\"operator\": {\"name\": \"op\", \"ip\": \"10.0.0.1\", \"port\": 32148, \"id\": \"op1\"}}\n" +
            "{\"anmp\": {\"op1\": {\"ip\": \"10.0.0.9\"}, \"unknown\": {\"ip\": \"x\"}, \"id\": \"m1\"}}\n");
        var state = new LedgerState(LedgerFile.Read(path).Policies);
        Assert.Equal("10.0.0.9", state.Find("op1")!.Text("ip"));
        Assert.Equal("10.0.0.9", state.OfType("operator")[0].Text("ip"));
        Assert.Equal(2, state.Count);
    }

    /// <summary>Every line EdgeNode writes follows the spec's rules: one JSON object with one root key per line, ASCII only, ", " and ": ".</summary>
    internal static void AssertSpecLedger(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length == 0 || bytes[^1] == (byte)'\n', "the ledger ends with a newline");
        Assert.All(bytes, b => Assert.True(b < 0x80, "the ledger is ASCII (json.dumps escapes the rest)"));
        foreach (var line in File.ReadAllLines(path))
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.Single(document.RootElement.EnumerateObject());
            if (line.StartsWith("{\"deleted\"", StringComparison.Ordinal)) continue;
            // json.dumps layout: re-serializing with the same rules gives the same line
            Assert.Equal(line, EdgeNode.Core.Output.PyJson.Serialize(System.Text.Json.Nodes.JsonNode.Parse(line)));
            Assert.DoesNotContain("\",\"", line, StringComparison.Ordinal);
            Assert.DoesNotContain("\":\"", line, StringComparison.Ordinal);
        }
    }
}
