using System.Text.RegularExpressions;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// A PostgreSQL outage while data arrives: files wait in the watch dir (not in the error dir) and load, once each, when
/// the server is back. The test starts its own server, since it stops it.
/// </summary>
public sealed class OperatorOutageTests
{
    [Fact]
    public async Task Files_that_arrive_while_postgresql_is_down_wait_and_load_once_when_it_is_back()
    {
        await using var server = await PostgresServer.StartAsync(cancellation: Token);
        await using var node = await OperatorNode.StartAsync(connect: server.ConnectOptions, dbms: PostgresFixture.UniqueDatabase("outage"));
        node.Drop($"{node.Dbms}.readings.dev1.0.0.json", Rows(0, 3));
        await node.WaitForRowsAsync("readings", 3);

        await server.StopAsync(Token);
        var waiting = node.Drop($"{node.Dbms}.readings.dev2.0.0.json", Rows(3, 4));
        await OperatorNode.WaitUntilAsync(async () => (await node.OperatorErrorsAsync()).Contains("waits in the watch dir", StringComparison.Ordinal),
            "the outage shown by get operator", explain: node.ErrorReasons);
        Assert.Contains("\"last error\": 22, ", await node.OperatorErrorsAsync(), StringComparison.Ordinal);
        // the error is reported as the attempt ends, the file counted as waiting just after
        await OperatorNode.WaitUntilAsync(async () => Regex.IsMatch(await node.Node.OkAsync("get operator config"), @"Waiting for DBMS\s*\|\s*1\|"),
            "get operator config counts the waiting file");
        Assert.True(File.Exists(waiting));
        Assert.Empty(Directory.GetFiles(node.ErrDir));

        await server.RestartAsync(Token);
        await node.WaitForRowsAsync("readings", 7);
        await node.WaitForWatchDirEmptyAsync();
        Assert.Empty(Directory.GetFiles(node.ErrDir));
        var distinct = await node.QueryAsync("select count(distinct v) as n from readings");
        Assert.Equal(7, distinct[0]!["n"]!.GetValue<int>());
        // each file's tsd_info entry is completed once it left the watch dir
        await OperatorNode.WaitUntilAsync(async () =>
            (await node.Node.OkAsync("time file get")).Split('\n').Count(l => l.Contains("|ok      |", StringComparison.Ordinal)) == 2, "2 completed tsd_info entries");
    }

    private static string Rows(int first, int count) =>
        string.Concat(Enumerable.Range(first, count).Select(i => $"{{\"ts\": \"2026-11-28T02:00:0{i}Z\", \"v\": {i}}}\n"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;
}
