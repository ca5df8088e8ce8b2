using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// The distributor between two real nodes of one cluster (in-process, TCP on 127.0.0.1): what one member ingests reaches
/// the other with the origin member and row id, and is archived once sent.
/// </summary>
public sealed class DistributorTests
{
    private static readonly DateTime Start = new(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Files_a_member_ingests_are_loaded_by_the_other_under_the_origin_member_and_row_id_then_archived()
    {
        await using var cluster = await HaCluster.StartAsync(consumer: false);
        var (a, b) = (cluster.Members[0], cluster.Members[1]);
        for (var f = 0; f < 3; f++) a.Drop($"test.readings.dev{f}.0.0.json", HaPolicies.Rows($"a{f}", f * 10, 10, Start));
        b.Drop("test.readings.devb.0.0.json", HaPolicies.Rows("b", 100, 5, Start));
        await cluster.WaitInSyncAsync(35);

        // b holds a's rows stamped as a's (member 1) with a's tsd_info ids, and files them in tsd_1
        var stamps = JsonNode.Parse(await b.OkAsync("sql test format = json and stat = false \"select tsd_name, tsd_id, count(*) as n from readings group by tsd_name, tsd_id order by tsd_name, tsd_id\""))!["Query"]!.AsArray();
        var ownIds = JsonNode.Parse(await a.OkAsync("time file get where format = json"))!.AsArray().Select(e => (long)e!["file_id"]!).Order().ToList();
        Assert.Equal(ownIds, stamps.Where(s => ((string)s!["tsd_name"]!).Trim() == "1").Select(s => (long)s!["tsd_id"]!));
        Assert.All(stamps.Where(s => ((string)s!["tsd_name"]!).Trim() == "1"), s => Assert.Equal(10, (long)s!["n"]!));
        var peerEntries = JsonNode.Parse(await b.OkAsync("time file get where tsd = tsd_1 and format = json"))!.AsArray();
        Assert.Equal(ownIds, peerEntries.Select(e => (long)e!["file_id"]!).Order());
        Assert.All(peerEntries, e => Assert.Equal("ok", (string)e!["status1"]!));

        // each file left distr_dir for the archive, under its 8-section name; the peer's copy is archived too
        await Eventually.HoldsAsync(() => Directory.GetFiles(a.DistrDir).Length == 0 && a.ArchivedFiles().Count == 4, "a's distr_dir emptied into its archive");
        var archived = a.ArchivedFiles().Select(Path.GetFileName).ToList();
        Assert.Equal(3, archived.Count(f => Regex.IsMatch(f!, @"^test\.readings\.dev\d\.[0-9a-f]{32}\.0\.1\.\d+\.\d{12}\.json$")));
        Assert.Single(archived, f => Regex.IsMatch(f!, @"^test\.readings\.devb\.[0-9a-f]{32}\.0\.2\.1\.\d{12}\.json$")); // b's file, kept for a third member
        var distributor = JsonNode.Parse(await a.OkAsync("get distributor where format = json"))!;
        Assert.Equal("Running", (string)distributor["status"]!);
        var toB = distributor["members"]!.AsArray().Single();
        Assert.Equal("2", (string)toB!["member"]!);
        Assert.Equal(3, (long)toB["files"]!);
        Assert.Contains("Files sent", await a.OkAsync("get distributor"), StringComparison.Ordinal);
    }

    /// <summary>
    /// EdgeLake's deployment scripts (ENABLE_HA) start the distributor and the consumer before the operator, and the operator
    /// without <c>distributor = true</c>: both wait for it, and its files go to the distributor while one runs.
    /// </summary>
    [Fact]
    public async Task Started_before_the_operator_as_EdgeLakes_scripts_do_the_distributor_and_consumer_wait_for_it_then_replicate()
    {
        await using var cluster = await HaCluster.StartAsync(edgeLakeOrder: true);
        var (a, b) = (cluster.Members[0], cluster.Members[1]);
        a.Drop("test.readings.deva.0.0.json", HaPolicies.Rows("a", 0, 10, Start));
        b.Drop("test.readings.devb.0.0.json", HaPolicies.Rows("b", 100, 5, Start));
        await cluster.WaitInSyncAsync(15);

        // the distributor takes the operator's cluster at its next scan (every 500 ms), then sends a's file to b; the rows
        // may be in sync before (the consumers ask each other for what they miss)
        JsonNode distributor = new JsonObject();
        await Eventually.HoldsAsync(async () => (distributor = JsonNode.Parse(await a.OkAsync("get distributor where format = json"))!)["cluster"] is not null
                                                && distributor["members"]!.AsArray().Count > 0,
            "the distributor takes the cluster of the operator and sends to the other member");
        Assert.Equal(cluster.ClusterId, (string)distributor["cluster"]!);
        Assert.Equal("2", (string)distributor["members"]!.AsArray().Single()!["member"]!);
        Assert.Contains("Running: distributor flag enabled", await a.OkAsync("test cluster setup"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_operator_the_distributor_and_consumer_wait_and_a_distributor_needs_tsd_info()
    {
        await using var node = new TestNode();
        Assert.Contains("waits for the operator", await node.OkAsync("run data distributor"), StringComparison.Ordinal);
        Assert.Contains("waits for the operator", await node.OkAsync("run data consumer where start_date = -1d"), StringComparison.Ordinal);
        var processes = await node.OkAsync("get processes");
        Assert.Matches(@"Distributor\s*\|Running\s*\|Waiting for the operator of this node", processes);
        Assert.Matches(@"Consumer\s*\|Running\s*\|.*waiting for the operator of this node", processes);
        Assert.Equal(Core.Commands.ErrorCode.MissingOption,
            (await node.RunAsync("run operator where policy = abc and distributor = true and update_tsd_info = false")).Code);
    }
}
