using System.Diagnostics;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// File transfers and policies between EdgeNode and EdgeLake nodes: <c>file copy</c> and <c>file get</c> both ways finish
/// without waiting for a confirmation EdgeLake never sends, and an EdgeLake node publishing through the EdgeNode master
/// gets no empty replies.
/// </summary>
[Collection(MixedNetworkCollection.Name)]
public sealed class MixedTransferTests(MixedNetwork network)
{
    /// <summary>Well below the 20 s a waited-for confirmation would take: the transfer ends on its own.</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Files_copied_and_fetched_between_edgenode_and_edgelake_land_without_timeouts()
    {
        PeerFolder.Require();
        var edgeNode = network.EdgeNodeQuery;
        var edgeLake = network.EdgeLakeOperator;
        var token = Guid.NewGuid().ToString("N");

        // EdgeNode -> EdgeLake: copy into its tmp dir, fetch a file of its home
        var local = Path.Combine(edgeNode.Home, "EdgeLake", $"to-edgelake-{token}.txt");
        await File.WriteAllTextAsync(local, "from edgenode " + token, TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        var copied = await edgeNode.OkAsync($"run client ({edgeLake.Address}) file copy {local} !!tmp_dir/to-edgelake-{token}.txt");
        Assert.True(clock.Elapsed < Quick, $"file copy to EdgeLake took {clock.Elapsed}: {copied}");
        Assert.Equal("from edgenode " + token, await File.ReadAllTextAsync(Path.Combine(edgeLake.Home, "EdgeLake", "data", "tmp", $"to-edgelake-{token}.txt"),
            TestContext.Current.CancellationToken));

        var remote = Path.Combine(edgeLake.Home, $"from-edgelake-{token}.txt");
        await File.WriteAllTextAsync(remote, "from edgelake " + token, TestContext.Current.CancellationToken);
        var fetched = Path.Combine(Path.GetTempPath(), $"fetched-{token}.txt");
        try
        {
            clock.Restart();
            var got = await edgeNode.OkAsync($"run client ({edgeLake.Address}) file get {remote} {fetched}");
            Assert.True(clock.Elapsed < Quick, $"file get from EdgeLake took {clock.Elapsed}: {got}");
            Assert.Equal("from edgelake " + token, await File.ReadAllTextAsync(fetched, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(fetched);
        }

        // EdgeLake -> EdgeNode: the EdgeLake query node copies into the EdgeNode operator and fetches from it
        var target = network.EdgeNodeOperator;
        var source = Path.Combine(network.EdgeLakeQuery.Home, $"to-edgenode-{token}.txt");
        await File.WriteAllTextAsync(source, "from edgelake to edgenode " + token, TestContext.Current.CancellationToken);
        await network.EdgeLakeQuery.Rest.PostAsync($"run client ({network.EdgeNodeOperatorAddress}) file copy {source} !!tmp_dir/to-edgenode-{token}.txt");
        var landed = Path.Combine(target.Home, "EdgeLake", "data", "tmp", $"to-edgenode-{token}.txt");
        await Eventually.HoldsAsync(() => File.Exists(landed), "the file EdgeLake copied landed on the EdgeNode operator", Quick);
        Assert.Equal("from edgelake to edgenode " + token, await File.ReadAllTextAsync(landed, TestContext.Current.CancellationToken));

        var offered = Path.Combine(target.Home, "EdgeLake", $"offered-{token}.txt");
        await File.WriteAllTextAsync(offered, "offered by edgenode " + token, TestContext.Current.CancellationToken);
        var taken = Path.Combine(network.EdgeLakeQuery.Home, $"taken-{token}.txt");
        await network.EdgeLakeQuery.Rest.PostAsync($"run client ({network.EdgeNodeOperatorAddress}) file get {offered} {taken}");
        await Eventually.HoldsAsync(() => File.Exists(taken), "the file EdgeLake fetched from the EdgeNode operator landed", Quick);
        Assert.Equal("offered by edgenode " + token, await File.ReadAllTextAsync(taken, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_policy_an_edgelake_node_publishes_through_the_edgenode_master_gets_no_empty_reply()
    {
        PeerFolder.Require();
        var edgeLake = network.EdgeLakeQuery;
        var name = "interop-" + Guid.NewGuid().ToString("N")[..8];
        var printed = edgeLake.Output.Length;
        // a cluster without tables: a policy type EdgeLake validates and that changes nothing else in the network
        await edgeLake.Rest.PostAsync($"new_cluster = {{\"cluster\": {{\"name\": \"{name}\", \"company\": \"My Company\"}}}}");
        await edgeLake.Rest.PostAsync("blockchain prepare policy !new_cluster");
        await edgeLake.Rest.PostAsync($"blockchain insert where policy = !new_cluster and local = true and master = {network.MasterAddress}");
        await Eventually.HoldsAsync(async () => (await network.Master.OkAsync($"blockchain get cluster where name = {name} bring.count")).Trim() == "1",
            "the policy is in the master's ledger");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a reply would have come by now
        var after = edgeLake.Output[printed..];
        Assert.DoesNotContain($"[From Node {network.MasterAddress}]", after, StringComparison.Ordinal);
    }
}
