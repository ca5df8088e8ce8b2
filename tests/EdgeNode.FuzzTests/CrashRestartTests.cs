using System.Net;
using System.Text;

namespace EdgeNode.FuzzTests;

/// <summary>
/// Several clients stream rows by REST PUT, good ones mixed with rows the node refuses at the PUT (a system column's name,
/// text in a number column); the node is killed with SIGKILL at random moments and restarted on the
/// same home. At the end every acknowledged good row is in the table exactly once (a row journaled whose reply the kill
/// cut may be there too, once), and no bad row reached the operator.
/// </summary>
public sealed class CrashRestartTests
{
    private const int Clients = 4;
    private const int Kills = 4;

    [Fact]
    public async Task Killing_the_node_while_clients_stream_mixed_rows_loses_and_duplicates_no_acknowledged_row()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var home = Directory.CreateTempSubdirectory("edgenode-fuzz-crash-").FullName;
        var (rest, tcp, broker) = (FreePort.Get(), FreePort.Get(), FreePort.Get());
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        var next = 0;
        try
        {
            // the table exists with an int column before the clients start: the PUT checks text against it
            await using (var first = await HostileNode.StartAsync(home, "1 second", rest, tcp, broker))
            {
                await first.PutRowsAsync("crash", Encoding.UTF8.GetBytes("{\"seq\": -1, \"client\": 0}"));
                await first.FlushBuffersAsync();
                Assert.Equal(1, await first.WaitForRowsAsync("crash", 1));
            }
            for (var kill = 0; kill <= Kills; kill++)
            {
                var node = await HostileNode.StartAsync(home, "1 second", rest, tcp, broker);
                using var stop = new CancellationTokenSource();
                var clients = Enumerable.Range(1, Clients).Select(client => Task.Run(async () =>
                {
                    var rows = new Random(seed + client);
                    while (!stop.IsCancellationRequested)
                    {
                        var seq = Interlocked.Increment(ref next);
                        var row = rows.Next(10) switch
                        {
                            0 => $"{{\"seq\": {seq}, \"client\": {client}, \"row_id\": 1}}", // refused at the PUT (error 73)
                            1 => $"{{\"seq\": \"bad{seq}\", \"client\": {client}}}", // text in the int column: refused at the PUT (error 71)
                            _ => $"{{\"seq\": {seq}, \"client\": {client}}}",
                        };
                        try
                        {
                            using var response = await node.PutRowsAsync("crash", Encoding.UTF8.GetBytes(row));
                            if (response.StatusCode == HttpStatusCode.OK && !row.Contains("bad", StringComparison.Ordinal)) acknowledged.Add(seq);
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            await Task.Delay(20); // the node is down: this row was not acknowledged
                        }
                    }
                })).ToArray();
                await Task.Delay(kill == Kills ? 2000 : random.Next(1500, 4000));
                if (kill < Kills) node.Process.Signal(9);
                await stop.CancelAsync();
                await Task.WhenAll(clients);
                if (kill < Kills)
                {
                    Assert.True(await node.Process.WaitForExitAsync(NodeProcess.EventBudget), "the node did not die on SIGKILL");
                    await node.DisposeAsync();
                    continue;
                }
                await node.FlushBuffersAsync();
                await node.WaitForRowsAsync("crash", acknowledged.Count + 1);
                using var reply = await node.CommandAsync("sql fuzz format = json:list and stat = false \"select seq from crash\"");
                var seqs = System.Text.Json.JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                    .Select(r => r.GetProperty("seq").GetInt32()).ToList();
                var duplicated = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                var lost = acknowledged.Except(seqs).ToList();
                Assert.True(duplicated.Count == 0 && lost.Count == 0,
                    $"{lost.Count} acknowledged rows lost ({string.Join(", ", lost.Take(10))}), {duplicated.Count} duplicated " +
                    $"({string.Join(", ", duplicated.Take(10))}) of {acknowledged.Count} acknowledged, seed {seed}");
                Assert.Equal(0, node.RefusedRows("crash")); // every bad row was refused at its PUT: none reached the operator
                await node.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
