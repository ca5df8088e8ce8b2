using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// Exactly once across crashes: a real edgenode process ingesting 160 files is killed with SIGKILL at random moments
/// (each time after it made progress, so kills land inside loads, commits, archiving and bookkeeping), restarted on the
/// same home each time, and at the end every row is in the table once.
/// </summary>
public sealed class OperatorCrashTests
{
    /// <summary>Enough that at least 10 kills land before the files run out, however fast the loads (a cycle loads 1-10).</summary>
    private const int Files = 160;
    private const int RowsPerFile = 400;
    private const int Kills = 12;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_the_node_at_random_points_while_it_ingests_loses_and_duplicates_no_row()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var home = Directory.CreateTempSubdirectory("edgenode-it-crash-").FullName;
        var data = Path.Combine(home, "EdgeLake", "data");
        var watch = Path.Combine(data, "watch");
        var archive = Path.Combine(data, "archive");
        var script = Path.Combine(home, "operator.al");
        await File.WriteAllTextAsync(script, string.Join('\n',
            "connect dbms almgm where type = sqlite",
            "create table tsd_info where dbms = almgm",
            "connect dbms test where type = sqlite",
            $"run operator where policy = {OperatorNode.OperatorId} and update_tsd_info = true and archive_json = true and compress_json = true and threads = 2",
            ""), Token);
        try
        {
            await using (var first = NodeProcess.Start(home))
            {
                Assert.Equal("", await first.RunAsync("create work directories"));
                await first.RunAsync($"new_policy = {OperatorNode.ClusterPolicy}");
                Assert.Equal("", await first.RunAsync("blockchain insert where policy = !new_policy and local = true"));
                await first.RunAsync($"new_policy = {OperatorNode.OperatorPolicy}");
                Assert.Equal("", await first.RunAsync("blockchain insert where policy = !new_policy and local = true"));
            }
            WriteFiles(watch);
            var kills = 0;
            var log = new StringBuilder($"seed {seed}\n");
            while (kills < Kills)
            {
                var before = Remaining(watch);
                if (before == 0) break;
                await using var node = NodeProcess.Start(home, "process", script);
                // kill once the node has made progress, after a random delay: the kill lands at a random step of a file
                await WaitForAsync(() => Remaining(watch) < before || node.HasExited, $"progress after kill {kills}\n{node.Output}\n{node.Errors}");
                await Task.Delay(random.Next(0, 40), Token);
                node.Signal(9);
                Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget), "the node did not die on SIGKILL");
                kills++;
                log.Append(CultureInfo.InvariantCulture, $"kill {kills}: {before} -> {Remaining(watch)} files waiting\n");
            }
            Assert.True(kills >= 10, $"only {kills} kills happened before the files ran out\n{log}");

            await using (var node = NodeProcess.Start(home, "process", script))
            {
                // the script's lines come first: the last kill may have left no file to load, and the query's answer is read after them
                await node.WaitForOutputAsync("Operator running");
                await WaitForAsync(() => Remaining(watch) == 0, $"the last files loaded\n{log}");
                await WaitForAsync(() => Archived(archive) == Files, $"{Files} files archived (found {Archived(archive)})\n{log}");
                var result = JsonNode.Parse(await node.RunAsync(
                    "sql test format = json \"select count(*) as n, count(distinct seq) as d, min(seq) as lo, max(seq) as hi from crash\""))!["Query"]![0]!;
                Assert.True(Files * RowsPerFile == result["n"]!.GetValue<int>(), $"{result} after {kills} kills\n{log}");
                Assert.Equal(Files * RowsPerFile, result["d"]!.GetValue<int>());
                Assert.Equal((0, Files * RowsPerFile - 1), (result["lo"]!.GetValue<int>(), result["hi"]!.GetValue<int>()));
                Assert.Empty(Directory.GetFiles(Path.Combine(data, "error")));
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The files of 400 rows, each row with its own sequence number; written whole before the operator first runs.</summary>
    private static void WriteFiles(string watch)
    {
        Directory.CreateDirectory(watch);
        var staging = Path.Combine(watch, "..", "prep");
        Directory.CreateDirectory(staging);
        for (var f = 0; f < Files; f++)
        {
            var rows = new StringBuilder();
            for (var r = 0; r < RowsPerFile; r++)
            {
                var seq = f * RowsPerFile + r;
                rows.Append(CultureInfo.InvariantCulture,
                    $"{{\"timestamp\": \"2026-11-28T02:{seq / 60000 % 60:00}:{seq / 1000 % 60:00}.{seq % 1000:000}Z\", \"seq\": {seq}, \"value\": {seq * 0.5}, \"device\": \"dev{f}\"}}\n");
            }
            var name = $"test.crash.dev{f}.0.0.json";
            File.WriteAllText(Path.Combine(staging, name), rows.ToString());
            File.Move(Path.Combine(staging, name), Path.Combine(watch, name));
        }
    }

    private static int Remaining(string watch) => Directory.GetFiles(watch, "*.json").Length;

    private static int Archived(string archive) =>
        Directory.Exists(archive) ? Directory.GetFiles(archive, "*.json.gz", SearchOption.AllDirectories).Length : 0;

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(5, Token);
        }
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;
}
