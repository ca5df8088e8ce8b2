using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// Policies travel through a network of real processes (<see cref="SyncNetwork"/>): published on one operator, they reach
/// the master at once and the other operator on its next sync; a master that is down delays them without losing them.
/// </summary>
public sealed class NetworkSyncTests(SyncNetwork network) : IClassFixture<SyncNetwork>
{
    private NodeProcess A => network.OperatorA;
    private NodeProcess B => network.OperatorB;

    /// <summary>Publishes a policy on a node with <c>master =</c>; returns its id.</summary>
    public static async Task<string> PublishAsync(NodeProcess node, string policy, string master)
    {
        await node.OkAsync($"new_policy = {policy}");
        var id = (await node.OkAsync("blockchain get id !new_policy")).Trim();
        await node.OkAsync($"blockchain insert where policy = !new_policy and local = true and master = {master}");
        return id;
    }

    public static async Task<bool> HasAsync(NodeProcess node, string type, string id) =>
        (await node.OkAsync($"blockchain get {type} where id = {id} bring [{type}][id]")).Trim() == id;

    public static async Task<JsonObject> SynchronizerAsync(NodeProcess node) =>
        JsonNode.Parse(await node.OkAsync("get synchronizer where format = json"))!.AsObject();

    [Fact]
    public async Task A_policy_published_on_one_operator_reaches_the_other_on_its_next_sync()
    {
        var id = await PublishAsync(A, "{\"tag\": {\"name\": \"published on a\"}}", network.Master);
        Assert.Contains(id, await network.MasterNode.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);

        await B.OkAsync("wait 5 for sync"); // returns after a sync that started now
        Assert.True(await HasAsync(B, "tag", id), "the policy is not on operator b after its next sync");
        await Eventually.HoldsAsync(async () => (await A.OkAsync($"blockchain get tag where id = {id} bring [tag][ledger]")).Trim() == "global",
            "operator a gets the master's (global) copy of its policy");

        var replies = await A.OkAsync($"run client (127.0.0.1:{network.PortB}, {network.Master}, 127.0.0.1:{network.PortA}) get status");
        Assert.Contains($"[From Node 127.0.0.1:{network.PortB}] operator-b@127.0.0.1:{network.PortB} running", replies, StringComparison.Ordinal);
        Assert.Contains($"[From Node {network.Master}] master@{network.Master} running", replies, StringComparison.Ordinal);
        Assert.Contains($"[From Node 127.0.0.1:{network.PortA}] operator-a@127.0.0.1:{network.PortA} running", replies, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_published_while_the_master_is_down_reaches_it_when_it_is_back()
    {
        await B.OkAsync("wait 5 for sync");
        var version = await B.OkAsync("get metadata version");
        var errors = (await SynchronizerAsync(B))["Sync Err"]!.GetValue<long>();
        await network.KillMasterAsync();
        try
        {
            var queued = await A.OkAsync($"new_policy = {{\"tag\": {{\"name\": \"published while the master is down\"}}}}");
            Assert.Equal("", queued);
            var id = (await A.OkAsync("blockchain get id !new_policy")).Trim();
            Assert.Contains("queued for the next sync",
                await A.OkAsync($"blockchain insert where policy = !new_policy and local = true and master = {network.Master}"), StringComparison.Ordinal);

            // the operators count failed syncs and keep their ledger
            await Eventually.HoldsAsync(async () => (await SynchronizerAsync(B))["Sync Err"]!.GetValue<long>() > errors,
                "operator b counts a failed sync");
            Assert.Equal(version, await B.OkAsync("get metadata version"));
            Assert.Contains($"Failed to connect to {network.Master}", await B.OkAsync("get processes"), StringComparison.Ordinal);

            await network.RestartMasterAsync();
            await Eventually.HoldsAsync(() => HasAsync(B, "tag", id), "the policy reaches operator b through the master");
            Assert.Contains(id, await network.MasterNode.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
        }
        finally
        {
            if (network.MasterNode.HasExited) await network.RestartMasterAsync();
        }
    }

    [Fact]
    public async Task A_policy_deleted_with_master_disappears_from_the_master_and_the_other_operator()
    {
        var id = await PublishAsync(A, "{\"tag\": {\"name\": \"to be deleted\"}}", network.Master);
        await Eventually.HoldsAsync(() => HasAsync(B, "tag", id), "operator b gets the policy");

        await A.OkAsync($"blockchain delete policy where id = {id} and master = {network.Master}");
        Assert.DoesNotContain(id, await network.MasterNode.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
        // a ledger copy A asked the master for just before the delete may still land once: the next sync settles it
        await Eventually.HoldsAsync(async () => !await HasAsync(A, "tag", id), "the deletion holds on operator a");
        await Eventually.HoldsAsync(async () => !await HasAsync(B, "tag", id), "the deletion reaches operator b");
    }
}
