using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Tests.Network;

/// <summary>A policy pushed to a master is known to be on its way from the moment it enters the local ledger.</summary>
public sealed class MasterPushInFlightTests
{
    private const string Tag = "{\"tag\": {\"name\": \"only on the node\"}}";

    /// <summary>
    /// A master that reports only failures (EdgeLake) leaves a push unanswered for a while; a sync landing meanwhile sees
    /// the policy only in the local ledger. It must know the policy is on its way, or it pushes a second copy (which
    /// EdgeLake's master refuses with an error).
    /// </summary>
    [Fact]
    public async Task A_policy_in_the_ledger_while_its_push_waits_for_the_master_counts_as_on_its_way()
    {
        await using var node = new TestNode();
        await node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true"); // for replies
        using var silentMaster = new SilentPeer();
        var silent = silentMaster.Address;

        node.Node.Dictionary.Set("new_policy", Tag);
        var insert = node.RunAsync($"blockchain insert where policy = !new_policy and local = true and master = {silent}");
        var ledger = node.Node.Services.Get<ILedgerSync>();
        string? id = null;
        await Eventually.HoldsAsync(async () =>
        {
            var held = JsonNode.Parse(await node.OkAsync("blockchain get tag"))!.AsArray();
            id = held.Count == 1 ? held[0]!["tag"]!["id"]!.GetValue<string>() : null;
            return id is not null;
        }, "the policy in the local ledger");
        Assert.False(insert.IsCompleted, "the push was meant to be still waiting for the silent master");
        Assert.NotNull(ledger.DeliveredAt(id!));
        var result = await insert;
        Assert.False(result.IsError, result.Display);
        Assert.NotNull(ledger.DeliveredAt(id!));
    }
}
