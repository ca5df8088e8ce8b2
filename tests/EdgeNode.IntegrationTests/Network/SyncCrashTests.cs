using System.Text.Json;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// A node killed (SIGKILL) while it takes a large ledger from the master restarts on a whole ledger, the old one or the
/// new one, never a mix or a cut file, and the next sync brings it level with the master.
/// </summary>
public sealed class SyncCrashTests(SyncNetwork network) : IClassFixture<SyncNetwork>
{
    private const int BulkPolicies = 20_000;

    /// <summary>20,000 tag policies written straight into the master's ledger table in one statement (3 MB of ledger).</summary>
    private const string BulkInsert =
        "sql blockchain \"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000) " +
        "INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) " +
        "SELECT 'tag', printf('%032x', x), 'bulk', printf('2026-01-01T00:00:00.%06dZ', x), '127.0.0.1', NULL, " +
        "printf('{\\\"tag\\\": {\\\"name\\\": \\\"bulk %d\\\", \\\"company\\\": \\\"bulk\\\", \\\"id\\\": \\\"%032x\\\", " +
        "\\\"date\\\": \\\"2026-01-01T00:00:00.%06dZ\\\", \\\"ledger\\\": \\\"global\\\"}}', x, x, x) FROM n\"";

    [Fact]
    public async Task A_node_killed_while_it_takes_a_new_ledger_restarts_on_a_whole_ledger()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-crash-").FullName;
        var ledger = Path.Combine(home, "EdgeLake", "blockchain", "blockchain.json");
        var port = FreePort.Get();
        try
        {
            await NetworkSyncTests.PublishAsync(network.OperatorA, "{\"tag\": {\"name\": \"before the crash\"}}", network.Master);
            var node = await network.StartOperatorAsync("operator-c", port, home);
            await node.OkAsync("wait 10 for sync");
            var before = PolicyLines(ledger);

            await network.MasterNode.OkAsync(BulkInsert);
            var total = before.Count + BulkPolicies;
            // the node asks every second and takes 3 MB: kill it before, during or after it does
            await Task.Delay(Random.Shared.Next(200, 3000), TestContext.Current.CancellationToken);
            node.Signal(9);
            Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget));
            await node.DisposeAsync();

            var afterCrash = PolicyLines(ledger);
            var leftovers = Directory.GetFiles(Path.GetDirectoryName(ledger)!).Select(Path.GetFileName).Order(StringComparer.Ordinal);
            TestContext.Current.TestOutputHelper?.WriteLine($"killed with {afterCrash.Count} policies in the ledger; files: {string.Join(", ", leftovers)}");
            Assert.True(afterCrash.Count == before.Count || afterCrash.Count == total,
                $"the ledger after the crash has {afterCrash.Count} policies: neither the old {before.Count} nor the new {total}");
            if (afterCrash.Count == before.Count) Assert.Equal(before, afterCrash);

            node = await network.StartOperatorAsync("operator-c", port, home);
            await using (node)
            {
                await Eventually.HoldsAsync(() => PolicyLines(ledger).Count == total, "the restarted node takes the new ledger");
                await Eventually.HoldsAsync(async () => await node.OkAsync("get metadata version") == await network.MasterNode.OkAsync("get metadata version"),
                    "the node's ledger is the master's, byte for byte");
                Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), (await node.OkAsync("blockchain get * bring.count")).Trim());
                Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(ledger)!, "*.master_id_*"));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
                // the OS cleans its temp folder
            }
        }
    }

    /// <summary>The ledger's lines, each checked to be one whole policy (a JSON object with one root key).</summary>
    private static List<string> PolicyLines(string ledger)
    {
        if (!File.Exists(ledger)) return [];
        var lines = File.ReadAllLines(ledger).Where(l => l.Trim().Length > 0).ToList();
        foreach (var line in lines)
        {
            using var policy = JsonDocument.Parse(line);
            Assert.Single(policy.RootElement.EnumerateObject());
        }
        return lines;
    }
}
