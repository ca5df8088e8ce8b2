using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// An EdgeNode publisher in the mixed network ships files to an EdgeLake operator as to an EdgeNode one: each operator's
/// cluster hosts a table, rows PUT to the publisher land in the operator hosting their table, and the EdgeLake operator
/// (which never confirms a transfer) loads its files as the EdgeNode one (which does) loads its own.
/// </summary>
[Collection(MixedNetworkCollection.Name)]
public sealed class PublisherInteropTests(MixedNetwork network)
{
    private const string Dbms = "pubdb";
    private const int Files = 3;
    private const int RowsPerFile = 200;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_edgelake_operator_receives_and_loads_the_publishers_files_like_an_edgenode_operator()
    {
        PeerFolder.Require();
        // a database of their own on both operators; cluster-el hosts to_edgelake, cluster-en hosts to_edgenode
        foreach (var rest in new[] { network.EdgeLakeOperator.Rest, network.EdgeNodeOperatorRest })
            await rest.PostAsync($"connect dbms {Dbms} where type = sqlite");
        foreach (var (cluster, op, table) in new[] { ("cluster-el", "el-operator", "to_edgelake"), ("cluster-en", "en-operator", "to_edgenode") })
        {
            // a child of the operator's own cluster, named like its parent: EdgeLake refuses a cluster id with two names
            // (its metadata load stops at "associated with multiple names", and its operator then knows no member of its cluster)
            var id = (await network.Master.OkAsync($"blockchain get operator where name = {op} bring [operator][cluster]")).Trim();
            await network.Master.OkAsync($"child = {{\"cluster\": {{\"parent\": \"{id}\", \"company\": \"My Company\", \"name\": \"{cluster}\", " +
                                         $"\"table\": [{{\"dbms\": \"{Dbms}\", \"name\": \"{table}\"}}]}}}}");
            await network.Master.OkAsync("blockchain insert where policy = !child and local = true and master = !ledger_conn");
        }
        var restPort = FreePort.Get();
        await using var publisher = await NodeProcess.StartExampleAsync(null, "publisher.al", $"publisher_port = {FreePort.Get()}",
            $"publisher_rest_port = {restPort}", $"ledger_conn = {network.MasterAddress}", "sync_time = 1 second");
        // the operators' clusters also hold the child policies of the tables they created: look for the table itself
        foreach (var (cluster, table) in new[] { ("cluster-el", "to_edgelake"), ("cluster-en", "to_edgenode") })
            await Eventually.HoldsAsync(async () => (await publisher.OkAsync($"blockchain get cluster where name = {cluster}")).Contains($"\"{table}\"", StringComparison.Ordinal),
                $"the publisher knows that {cluster} hosts {table}", Settle);
        await using var publisherRest = new RestEndpoint(restPort);

        foreach (var table in new[] { "to_edgelake", "to_edgenode" })
            for (var file = 0; file < Files; file++)
            {
                var (status, body) = await publisherRest.SendAsync(HttpMethod.Put, null, Rows(file * RowsPerFile, RowsPerFile),
                    ("type", "json"), ("dbms", Dbms), ("table", table), ("mode", "file"));
                Assert.True(status == HttpStatusCode.OK, $"PUT answered {status}: {body}");
            }

        var expected = Files * RowsPerFile;
        try
        {
            await WaitForSumAsync(network.EdgeLakeOperator.Rest, "to_edgelake", expected);
            await WaitForSumAsync(network.EdgeNodeOperatorRest, "to_edgenode", expected);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var files = string.Join("\n", Directory.GetFiles(Path.Combine(network.EdgeLakeOperator.Home, "EdgeLake"), "*to_edgelake*", SearchOption.AllDirectories));
            var output = network.EdgeLakeOperator.Output;
            Assert.Fail($"{e.Message}\n--- publisher ---\n{await publisher.RunAsync("get publisher")}\n{await publisher.RunAsync("get error log")}\n" +
                        $"--- EdgeLake operator files ---\n{files}\n--- its output ---\n{output[Math.Max(0, output.Length - 3000)..]}\n" +
                        $"--- its operator ---\n{await network.EdgeLakeOperator.Rest.GetAsync("get operator")}");
        }
        // each file went to the operator of its table's cluster, and left the publisher once taken: a file counts as taken by
        // the EdgeLake operator only once it reported no failure within the wait, which may end after its rows are counted
        var shipped = new JsonArray();
        await Eventually.HoldsAsync(async () =>
        {
            shipped = JsonNode.Parse(await publisher.OkAsync("get publisher where format = json"))!["files"]!.AsArray();
            return Rows(shipped, "to_edgelake", network.EdgeLakeOperator.Address) == expected;
        }, "the publisher counts the files of to_edgelake as taken", Settle);
        Assert.Equal(expected, Rows(shipped, "to_edgelake", network.EdgeLakeOperator.Address));
        Assert.Equal(expected, Rows(shipped, "to_edgenode", network.EdgeNodeOperatorAddress));
        Assert.DoesNotContain(shipped, f => (string)f!["table"]! == "to_edgelake" && (string)f["destination"]! != network.EdgeLakeOperator.Address);
        var watch = (await publisher.OkAsync("echo !watch_dir")).Trim();
        Assert.Empty(Directory.GetFiles(watch, "*", SearchOption.AllDirectories));
    }

    private static long Rows(JsonArray shipped, string table, string destination) =>
        shipped.Where(f => (string)f!["table"]! == table && (string)f["destination"]! == destination).Sum(f => (long)f!["rows"]!);

    private static string Rows(int first, int count)
    {
        var rows = new StringBuilder("[");
        for (var seq = first; seq < first + count; seq++)
            rows.Append(seq == first ? "" : ", ").Append("{\"seq\": ").Append(seq).Append(", \"reading\": ").Append(seq % 13).Append('}');
        return rows.Append(']').ToString();
    }

    /// <summary>Waits until the operator's own database holds the rows (count and sum of seq: each row once).</summary>
    private static async Task WaitForSumAsync(RestEndpoint operatorRest, string table, int rows)
    {
        var expected = $"{rows}:{(long)rows * (rows - 1) / 2}";
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            last = await operatorRest.GetAsync($"sql {Dbms} format = json \"select count(*) as n, sum(seq) as s from {table}\"");
            try
            {
                var row = JsonNode.Parse(last)!["Query"]![0]!;
                return $"{Number(row["n"])}:{Number(row["s"])}" == expected;
            }
            catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException)
            {
                return false;
            }
        }, $"{rows} rows of {table} on port {operatorRest.Port}; last answer: {last}", Settle);
    }

    /// <summary>A number as EdgeNode (a JSON number) or EdgeLake (a string) returns it.</summary>
    private static string Number(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";
}
