using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;
using EdgeNode.Network.Sync;

namespace EdgeNode.Tests.Network;

/// <summary>
/// A policy deleted on a node (and dropped at its master) does not come back with a ledger the master may have written
/// before it took the drop; it does come back with a ledger asked for long after, which says the master kept it.
/// </summary>
public sealed class LedgerDropInFlightTests
{
    private const string Tag = "{\"tag\": {\"name\": \"deleted on the node\", \"id\": \"8f1c2a\", \"date\": \"2026-12-05T12:00:00.000000Z\", \"ledger\": \"global\"}}";

    [Fact]
    public async Task A_ledger_asked_for_around_the_drop_does_not_bring_the_policy_back_and_a_later_one_does()
    {
        await using var node = new TestNode();
        var applier = new LedgerApplier(node.Node, node.Node.Services.Get<ILedgerSync>(), new LedgerInbox(node.Node.Log), master: null, toDbms: false);
        await applier.ApplyAsync(MasterLedger(node, "1"), TestContext.Current.CancellationToken);
        Assert.Single(await TagsAsync(node));

        // the copy is asked for, then the user deletes the policy (its master is away: the drop waits in the queue), then the
        // copy lands, written before the master dropped it
        applier.Requested(DateTime.UtcNow);
        var deleted = await node.OkAsync($"blockchain delete policy where id = 8f1c2a and master = 127.0.0.1:{FreePort.Get()}");
        Assert.Contains("deleted locally; master 127.0.0.1:", deleted, StringComparison.Ordinal);
        await applier.ApplyAsync(MasterLedger(node, "2"), TestContext.Current.CancellationToken);
        Assert.Empty(await TagsAsync(node));

        // a ledger asked for past the time a master takes to drop a policy holds what the master has: it kept the policy
        applier.Requested(DateTime.UtcNow.AddMinutes(2));
        await applier.ApplyAsync(MasterLedger(node, "3"), TestContext.Current.CancellationToken);
        Assert.Single(await TagsAsync(node));
    }

    /// <summary>A ledger from the master holding the tag policy, landed in the node's blockchain dir.</summary>
    private static string MasterLedger(TestNode node, string copy)
    {
        var directory = Path.GetDirectoryName(node.Var("blockchain_file")!)!;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"blockchain.json.master_id_{copy}");
        File.WriteAllText(path, Tag + "\n");
        return path;
    }

    private static async Task<JsonArray> TagsAsync(TestNode node) =>
        JsonNode.Parse(await node.OkAsync("blockchain get tag")) as JsonArray ?? [];
}
