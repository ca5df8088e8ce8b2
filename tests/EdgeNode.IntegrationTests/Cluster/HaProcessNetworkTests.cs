using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Cluster;

/// <summary>
/// Issue 19's "Done when" with real node processes on 127.0.0.1 (<see cref="HaProcessNetwork"/>): a master, two clusters
/// of two operators and a query node. Rows are PUT to every member; the main member of cluster 1 is SIGKILLed while
/// PUTs stream to it and started again on its home 30 s later. During the outage the query node answers completely
/// through the survivor; afterwards both members of each cluster hold identical rows (count and hash of the ordered rows),
/// every acknowledged row among them.
/// </summary>
public sealed class HaProcessNetworkTests
{
    private static readonly DateTime Start = new(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private const int RowsPerPut = 50;

    [Fact]
    public async Task A_member_killed_mid_stream_and_restarted_30_s_later_ends_with_the_same_rows_as_its_peer_and_queries_answer_through_the_survivor()
    {
        await using var network = await HaProcessNetwork.StartAsync();
        var (c1, c2) = (network.Cluster(1), network.Cluster(2));
        var (down, survivor) = (c1[0], c1[1]);
        var seq = 0;
        var acknowledged = new Dictionary<string, List<int>>(); // device → seqs of the PUTs its member acknowledged
        var unacknowledged = new List<int>(); // seqs of PUTs that failed with the kill: maybe written, maybe not
        string Rows(HaProcessMember member, out int first)
        {
            first = Interlocked.Add(ref seq, RowsPerPut) - RowsPerPut;
            return HaPolicies.Rows(member.Device, first, RowsPerPut, Start);
        }
        async Task PutAsync(HaProcessMember member)
        {
            await member.PutAsync(Rows(member, out var first));
            Record(member, first);
        }
        void Record(HaProcessMember member, int first)
        {
            lock (acknowledged)
            {
                if (!acknowledged.TryGetValue(member.Device, out var seqs)) acknowledged[member.Device] = seqs = [];
                seqs.AddRange(Enumerable.Range(first, RowsPerPut));
            }
        }
        long Sent(int cluster) => network.Cluster(cluster).Sum(m => acknowledged.GetValueOrDefault(m.Device)?.Count ?? 0);

        // every member takes PUTs and the clusters are in sync before the kill
        for (var round = 0; round < 2; round++)
            foreach (var member in network.Members) await PutAsync(member);
        await WaitInSyncAsync(network, c1, Sent(1));
        await WaitInSyncAsync(network, c2, Sent(2));

        // mid-stream: PUTs go to the main member of cluster 1 back to back; it is SIGKILLed after 10 more were acknowledged,
        // with the next one on its way
        var streamed = 0;
        var stream = Task.Run(async () =>
        {
            while (true)
            {
                var rows = Rows(down, out var first);
                if (!await down.TryPutAsync(rows))
                {
                    lock (acknowledged) unacknowledged.AddRange(Enumerable.Range(first, RowsPerPut));
                    return;
                }
                Record(down, first);
                Interlocked.Increment(ref streamed);
            }
        }, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => Volatile.Read(ref streamed) >= 10 || stream.IsCompleted, "10 PUTs acknowledged by the streamed member", NodeProcess.EventBudget);
        Assert.False(stream.IsCompleted, "the stream to the member ended before the kill");
        await down.KillAsync();
        var outage = Stopwatch.StartNew();
        await stream.WaitAsync(NodeProcess.EventBudget, TestContext.Current.CancellationToken);

        // the stream goes on to the others: the survivor takes what was meant for the member that is down
        for (var round = 0; round < 3; round++)
            foreach (var member in new[] { survivor, c2[0], c2[1] }) await PutAsync(member);
        await WaitInSyncAsync(network, c2, Sent(2));
        await Eventually.HoldsAsync(async () => await survivor.OwnRowsAsync() == acknowledged[survivor.Device].Count, "the survivor loads the rows PUT to it",
            NodeProcess.EventBudget);

        // during the outage the query node, which names the main member of cluster 1 first, gets cluster 1's rows from the
        // survivor within the same call: every row the survivors hold, none missing
        var expected = await TotalsAsync([survivor, c2[0]]);
        Assert.Equal(expected, await NetworkTotalsAsync(network.Query));
        Assert.Contains($"answered by {survivor.Address}", await network.Query.OkAsync("query destination"), StringComparison.Ordinal);
        Assert.Contains("not_responding", await network.Query.OkAsync("get cluster info"), StringComparison.Ordinal);
        Assert.Equal(expected, await NetworkTotalsAsync(network.Query));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed after {streamed} streamed PUTs ({unacknowledged.Count} rows cut); during the outage the network holds {expected} at {outage.Elapsed.TotalSeconds:F1} s");

        // the issue's outage: 30 s (longer only when the machine was too slow to do the above in that time)
        if (Outage > outage.Elapsed) await Task.Delay(Outage - outage.Elapsed, TestContext.Current.CancellationToken);
        var downFor = outage.Elapsed;
        await down.StartAsync(network.MasterAddress);

        // after the consumer ran: the restarted member loaded what it had acknowledged, sent it on, and pulled what it missed
        await Eventually.HoldsAsync(() => down.PendingFiles() == 0, "the restarted member loads and sends on the files it had", NodeProcess.EventBudget);
        await WaitInSyncAsync(network, c1, Sent(1));
        await WaitInSyncAsync(network, c2, Sent(2));
        foreach (var member in network.Members)
        {
            var own = await member.SeqsAsync(member.Device);
            var acked = acknowledged[member.Device];
            Assert.Empty(acked.Except(own.Select(s => (int)s)));
            // beyond the acknowledged rows, only the PUT cut by the kill may be there, whole or not at all
            var extra = own.Select(s => (int)s).Except(acked).ToList();
            Assert.True(extra.Count == 0 || member == down && extra.Order().SequenceEqual(unacknowledged.Order()),
                $"{member.Name} holds rows never acknowledged: {string.Join(", ", extra.Take(10))}");
        }
        // each member holds the rows PUT to it under its own member id and its peer's under the peer's (the same stamps on both)
        foreach (var member in network.Members)
        {
            var stamps = JsonNode.Parse(await member.Process.OkAsync(
                $"sql {HaPolicies.Dbms} format = json and stat = false \"select distinct tsd_name from readings order by tsd_name\"", NodeProcess.EventBudget))!["Query"]!.AsArray();
            Assert.Equal(network.Cluster(member.ClusterNumber).Select(m => m.Member.ToString(CultureInfo.InvariantCulture)).Order(),
                stamps.Select(s => ((string)s!["tsd_name"]!).Trim()).Order());
        }
        var final = await TotalsAsync([down, c2[1]]);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"restarted {downFor.TotalSeconds:F1} s after the kill; then the network holds {final}, cluster 1 {await down.RowsAsync()} / {await survivor.RowsAsync()}, " +
            $"acknowledged {Sent(1)} + {Sent(2)}");
        Assert.Equal(final, await NetworkTotalsAsync(network.Query));
    }

    /// <summary>
    /// Waits until both <paramref name="members"/> hold the same rows (count and hash of the ordered rows), at least
    /// <paramref name="acknowledged"/> of them, and nothing waits in their watch dir or distr_dir.
    /// </summary>
    private static async Task WaitInSyncAsync(HaProcessNetwork network, List<HaProcessMember> members, long acknowledged)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (members.All(m => m.PendingFiles() == 0))
            {
                var (first, second) = (await members[0].RowsAsync(), await members[1].RowsAsync());
                if (first.Count >= acknowledged && first == second) return;
            }
            if (deadline.Elapsed > NodeProcess.EventBudget)
                Assert.Fail($"{members[0].Name} and {members[1].Name} do not hold the same {acknowledged}+ rows\n{await network.ExplainAsync()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Row count and sum of seq over one member of each cluster (their local databases).</summary>
    private static async Task<(long Rows, long SeqSum)> TotalsAsync(HaProcessMember[] members)
    {
        var (rows, sum) = (0L, 0L);
        foreach (var member in members)
        {
            var (r, s) = Totals(await member.Process.OkAsync($"sql {HaPolicies.Dbms} format = json and stat = false \"{TotalsSql}\"", NodeProcess.EventBudget));
            (rows, sum) = (rows + r, sum + s);
        }
        return (rows, sum);
    }

    private const string TotalsSql = "select count(*) as n, sum(seq) as s from readings";

    /// <summary>The same totals through the query node (<c>run client ()</c>, every cluster hosting the table).</summary>
    private static async Task<(long Rows, long SeqSum)> NetworkTotalsAsync(NodeProcess query) =>
        Totals(await query.OkAsync($"run client (timeout = 60) sql {HaPolicies.Dbms} format = json and stat = false \"{TotalsSql}\"", NodeProcess.EventBudget));

    private static (long Rows, long SeqSum) Totals(string text)
    {
        var row = JsonNode.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..])!["Query"]![0]!;
        return ((long)row["n"]!, (long)row["s"]!);
    }
}
