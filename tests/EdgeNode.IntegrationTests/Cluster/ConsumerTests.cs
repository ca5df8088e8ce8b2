using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// The consumer between real nodes of one cluster (in-process, TCP on 127.0.0.1). A member is "down" while its TCP
/// server is stopped: its peers cannot reach it and it cannot reach them.
/// </summary>
public sealed class ConsumerTests
{
    private static readonly DateTime Start = new(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_member_that_was_down_pulls_the_files_it_missed()
    {
        await using var cluster = await HaCluster.StartAsync();
        var (a, b) = (cluster.Members[0], cluster.Members[1]);
        a.Drop("test.readings.first.0.0.json", HaPolicies.Rows("first", 0, 10, Start));
        await cluster.WaitInSyncAsync(10);
        // b's consumer may have asked for that first file too while the distributor sent it (the copy is dropped)
        var deliveredBefore = await ConsumerTableAsync(b, "tsd_1") is { } before ? (long)before["delivered"]! : 0;

        await b.OkAsync("exit tcp");
        for (var f = 0; f < 4; f++) a.Drop($"test.readings.dev{f}.0.0.json", HaPolicies.Rows($"d{f}", 100 + f * 20, 20, Start));
        // a does not wait for b: it archives what b could not take
        await cluster.WaitUntilAsync(() => a.ArchivedFiles().Count == 5 && Directory.GetFiles(a.DistrDir).Length == 0, "a archives its files while b is down");
        Assert.Equal(90, await a.CountAsync());
        Assert.Equal(10, await b.CountAsync());

        await b.StartTcpAsync();
        await cluster.WaitInSyncAsync(90);
        await cluster.WaitUntilAsync(async () => await ConsumerTableAsync(b, "tsd_1") is { } table
                                                 && (long)table["validated_id"]! == 5 && (long)table["gaps"]! == 0,
            "b's consumer validates tsd_1 up to 5");
        var consumer = JsonNode.Parse(await b.OkAsync("get consumer where format = json"))!;
        Assert.Equal("Running", (string)consumer["status"]!);
        Assert.Equal(deliveredBefore + 4, (long)(await ConsumerTableAsync(b, "tsd_1"))!["delivered"]!);
        Assert.Contains("tsd_1", await b.OkAsync("get consumer"), StringComparison.Ordinal);

        // both members report the same safe ids: every file of each table is on both
        await Eventually.HoldsAsync(async () =>
        {
            var status = await a.OkAsync("get ha cluster status");
            return status.Contains("Status by member 1", StringComparison.Ordinal)
                   && System.Text.RegularExpressions.Regex.IsMatch(status, @"\ntsd_1\s*\|\s*5\|\s*5\|\s*5\|");
        }, "a's status shows tsd_1 safe up to 5 on both members");
        var data = await a.OkAsync("test cluster data");
        Assert.Contains("TSD Summary on all nodes in the cluster (files/rows)", data, StringComparison.Ordinal);
        Assert.Matches(@"\ntsd_1\s*\|5/90\s*\|5/90\s*\|", data);
        Assert.Contains("Running: distributor flag enabled", await b.OkAsync("test cluster setup"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_no_member_has_any_more_are_recorded_as_missing_archived_files()
    {
        await using var cluster = await HaCluster.StartAsync();
        var (a, b) = (cluster.Members[0], cluster.Members[1]);
        await b.OkAsync("exit tcp");
        for (var f = 0; f < 3; f++) a.Drop($"test.readings.lost{f}.0.0.json", HaPolicies.Rows($"l{f}", f * 10, 10, Start));
        await cluster.WaitUntilAsync(() => a.ArchivedFiles().Count == 3 && Directory.GetFiles(a.DistrDir).Length == 0, "a archives its 3 files");
        // a's archive is deleted before b is back: nobody has those files any more
        Directory.Delete(a.ArchiveDir, recursive: true);

        await b.StartTcpAsync();
        await cluster.WaitUntilAsync(async () =>
            await b.Node.RunAsync("get tsd errors where tsd = tsd_1 and format = json") is { IsError: false } errors
            && JsonNode.Parse(errors.Text)!.AsArray().Count == 3,
            "b records the three files as missing");
        var missing = JsonNode.Parse(await b.OkAsync("get tsd errors where tsd = tsd_1 and format = json"))!.AsArray();
        Assert.Equal([1L, 2L, 3L], missing.Select(m => (long)m!["file_id"]!).Order());
        Assert.All(missing, m =>
        {
            Assert.Equal("01", (string)m!["status1"]!);
            Assert.Equal("Missing archived data with member 1", (string)m["status2"]!);
            Assert.Equal(0, (long)m["rows"]!);
        });
        Assert.Equal(0, await b.CountAsync());
        // the gaps are known: nothing left to ask for, the table is validated up to a's last file
        await cluster.WaitUntilAsync(async () => await ConsumerTableAsync(b, "tsd_1") is { } table
                                                 && (long)table["missing_archived"]! == 3 && (long)table["validated_id"]! == 3 && (long)table["gaps"]! == 0,
            "b's consumer counts 3 missing archived files and validates tsd_1 up to 3");
        Assert.Contains(a.Node.Node.Log.Events.Entries(), e => e.Message.Contains("3 not archived", StringComparison.Ordinal));
    }

    private static async Task<JsonNode?> ConsumerTableAsync(HaMember member, string tsd) =>
        JsonNode.Parse(await member.OkAsync("get consumer where format = json"))!["tables"]!.AsArray().FirstOrDefault(t => (string)t!["tsd"]! == tsd);

    [Fact]
    public async Task A_suspended_consumer_compares_but_asks_for_nothing_until_it_is_active_again()
    {
        await using var cluster = await HaCluster.StartAsync();
        var (a, b) = (cluster.Members[0], cluster.Members[1]);
        Assert.Equal("Consumer mode: suspend", await b.OkAsync("set consumer mode = suspend"));
        await b.OkAsync("exit tcp");
        a.Drop("test.readings.s.0.0.json", HaPolicies.Rows("s", 0, 10, Start));
        await cluster.WaitUntilAsync(() => a.ArchivedFiles().Count == 1 && Directory.GetFiles(a.DistrDir).Length == 0, "a archives its file");
        await b.StartTcpAsync();
        await cluster.WaitUntilAsync(async () => await ConsumerTableAsync(b, "tsd_1") is { } table && (long)table["gaps"]! == 1, "b sees the gap");
        Assert.Equal(0, await b.CountAsync());
        await b.OkAsync("set consumer mode = active");
        await cluster.WaitInSyncAsync(10);
        Assert.Equal(Core.Commands.ErrorCode.CommandStructure, (await b.Node.RunAsync("set consumer mode = sometimes")).Code);
    }
}
