namespace EdgeNode.IntegrationTests;

/// <summary>The ledger of a real edgenode process survives a kill -9: every acknowledged policy is there on restart.</summary>
public sealed class LedgerCrashTests
{
    [Fact]
    public async Task Policies_acknowledged_before_a_kill_are_in_the_ledger_after_restart()
    {
        var home = Directory.CreateTempSubdirectory("edgenode-it-ledger-").FullName;
        try
        {
            await using (var node = NodeProcess.Start(home))
            {
                Assert.Equal("", await node.RunAsync("cluster = create policy cluster with defaults where company = acme and name = c1"));
                Assert.Equal("", await node.RunAsync("blockchain insert where policy = !cluster and local = true"));
                await node.RunAsync("cluster_id = blockchain get cluster bring [cluster][id]");
                await node.RunAsync("operator = create policy operator with defaults where name = op1 and company = acme and cluster = !cluster_id and main = true");
                Assert.Equal("", await node.RunAsync("blockchain insert where policy = !operator and local = true"));
                for (var i = 0; i < 20; i++) await node.SendAsync($"blockchain add {{\"tag\": {{\"name\": \"t{i}\"}}}}");
                Assert.Equal("22", await node.RunAsync("blockchain get * bring.count"));
                node.Signal(9);
                Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget));
            }
            // a write cut short by the crash would be a torn last line: simulate one, it must not stop the node
            var ledger = Path.Combine(home, "EdgeLake", "blockchain", "blockchain.json");
            await File.AppendAllTextAsync(ledger, "{\"tag\": {\"name\": \"cut sh", TestContext.Current.CancellationToken);
            await using (var node = NodeProcess.Start(home))
            {
                Assert.Equal("22", await node.RunAsync("blockchain get * bring.count"));
                Assert.Equal("op1", await node.RunAsync("blockchain get operator where company = acme bring [operator][name]"));
                Assert.Contains("torn last line", await node.RunAsync("blockchain test"), StringComparison.Ordinal);
                Assert.Equal("", await node.RunAsync("blockchain add {\"tag\": {\"name\": \"after restart\"}}"));
                Assert.Equal("23", await node.RunAsync("blockchain get * bring.count"));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
