using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// Issue 19 end to end (in-process nodes, TCP and REST on 127.0.0.1): a master, two clusters of two operators and a
/// query node, whose ledgers sync from the master.
/// Rows are PUT to every member; one member stops right after a PUT it acknowledged and comes back on its home later.
/// Meanwhile queries are answered through the survivor of its cluster; afterwards both members of each cluster hold the
/// same rows (count and hash of the ordered rows).
/// </summary>
public sealed class HaNetworkTests
{
    private static readonly DateTime Start = new(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>How long the member stays down (the scenario says 30 s; the sync does not depend on the length).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private const int RowsPerPut = 20;

    private const string Count = "run client () sql test format = json and stat = false \"select count(*) as n from readings\"";

    [Fact]
    public async Task Both_members_of_each_cluster_hold_every_row_after_a_member_outage_and_queries_answer_through_the_survivor()
    {
        await using var network = await HaCluster.StartAsync(clusters: 2, query: true, rest: true, master: true);
        var (c1, c2, query) = (network.Cluster(1), network.Cluster(2), network.Query!);
        var (down, survivor) = (c1[0], c1[1]); // the main member of cluster 1 goes down
        using var http = new HttpClient();
        var sent = new long[3];
        var seq = 0;
        async Task PutAsync(HaMember member)
        {
            await member.PutAsync(http, HaPolicies.Rows($"m{member.Member}", seq, RowsPerPut, Start));
            seq += RowsPerPut;
            sent[member.ClusterNumber] += RowsPerPut;
        }

        for (var round = 0; round < 3; round++)
            foreach (var member in network.Members) await PutAsync(member);
        await network.WaitInSyncAsync(sent[1], members: c1);
        await network.WaitInSyncAsync(sent[2], members: c2);
        Assert.Equal(sent[1] + sent[2], await QueryCountAsync(query));

        // mid-stream: the member acknowledges one more PUT and stops at once (loaded and sent on, or not yet)
        await PutAsync(down);
        var outage = Stopwatch.StartNew();
        await network.StopAsync(down);
        // the stream goes on: the survivor takes what was meant for the member that is down
        for (var round = 0; round < 3; round++)
            foreach (var member in new[] { survivor, survivor, c2[0], c2[1] }) await PutAsync(member);
        await network.WaitInSyncAsync(sent[2], members: c2);
        await network.WaitUntilAsync(async () => await survivor.CountAsync() >= sent[1] - RowsPerPut, "the survivor loads its own PUTs");

        // the query node still names the member that is down first: the survivor answers for cluster 1 in the same call
        var before = await survivor.CountAsync();
        var answered = await QueryCountAsync(query);
        var after = await survivor.CountAsync();
        Assert.Contains(answered, new[] { before + sent[2], after + sent[2] });
        var destination = await query.OkAsync("query destination");
        Assert.Contains($"answered by {survivor.Address}", destination, StringComparison.Ordinal);
        Assert.Contains("not_responding", await query.OkAsync("get cluster info"), StringComparison.Ordinal);

        if (Outage > outage.Elapsed) await Task.Delay(Outage - outage.Elapsed, TestContext.Current.CancellationToken);
        await network.RestartAsync(down);
        await network.WaitInSyncAsync(sent[1], members: c1);
        await network.WaitInSyncAsync(sent[2], members: c2);
        Assert.Equal(sent[1] + sent[2], await QueryCountAsync(query));
        // each member holds its own rows under its own member id and its peer's under the peer's
        foreach (var member in network.Members)
        {
            var stamps = JsonNode.Parse(await member.OkAsync(
                "sql test format = json and stat = false \"select distinct tsd_name from readings order by tsd_name\""))!["Query"]!.AsArray();
            var peers = network.Cluster(member.ClusterNumber).Select(m => m.Member.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order();
            Assert.Equal(peers, stamps.Select(s => ((string)s!["tsd_name"]!).Trim()).Order());
        }
    }

    private static async Task<long> QueryCountAsync(TestNode query) =>
        (long)JsonNode.Parse(await query.OkAsync(Count))!["Query"]![0]!["n"]!;
}
