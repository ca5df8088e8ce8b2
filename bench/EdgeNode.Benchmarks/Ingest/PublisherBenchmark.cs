using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeNode.Benchmarks.Rest;
using EdgeNode.Core.IO;
using EdgeNode.TestSupport;
using static EdgeNode.TestSupport.PublisherNetwork;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// <c>publisher [--files N] [--rows R] [--runs K] [--threads T]</c> (issue 18): files/s and rows/s of the publisher end to
/// end — from the files entering its watch dir until the operator counts every row — next to the baseline of the same
/// files sent by <c>run client (operator) file copy</c> into the operator's watch dir, T copies at a time (the
/// publisher's threads), timed until counted the same way. Also printed: the files/s until delivered (every copy
/// returned; every file confirmed by the operator and moved to the publisher's bkup_dir). One in-process network on
/// 127.0.0.1: a publisher and one operator (SQLite, update_tsd_info) whose cluster hosts the tables. Each run uses new
/// tables; the two ways take turns going first so that a change of load hits both; the best and the median run are printed.
/// </summary>
public sealed class PublisherBenchmark : IBenchmarkDriver
{
    private const string Dbms = "pub";

    public string Name => "publisher";

    public string Description => "publisher files/s and rows/s until counted, next to run client file copy of the same files  [--files 200 --rows 500 --runs 3]";

    public async Task RunAsync(string[] arguments)
    {
        var files = RestCommandBenchmark.Option(arguments, "--files", 200);
        var rows = RestCommandBenchmark.Option(arguments, "--rows", 500);
        var runs = RestCommandBenchmark.Option(arguments, "--runs", 3);
        var threads = RestCommandBenchmark.Option(arguments, "--threads", 4);
        // run -1 is the warm-up (JIT, first connections, table creation paths), not printed
        var tables = Enumerable.Range(-1, runs + 1).SelectMany(r => new[] { new TableSpec(Dbms, Table("copied", r), "c1"), new TableSpec(Dbms, Table("published", r), "c1") }).ToList();
        await using var network = await StartAsync([new OperatorSpec("op1", "c1", Main: true)], tables);
        var op = network.Operators[0];
        await network.RunPublisherAsync($"threads = {threads}");
        var staging = Path.Combine(Path.GetDirectoryName(network.WatchDir)!, "bench-staging");
        Directory.CreateDirectory(staging);

        Console.WriteLine($"publisher: {files} files of {rows} rows ({files * rows:N0} rows), {threads} at a time, {runs} runs, " +
                          $"{Environment.ProcessorCount} cores; timed until the operator counts every row");
        var copied = new List<Timing>();
        var published = new List<Timing>();
        for (var run = -1; run < runs; run++)
        {
            var warmUp = run < 0;
            var count = warmUp ? Math.Max(1, files / 10) : files;
            Task<Timing> Copy() => CopyAsync(network, op, Write(staging, Table("copied", run), count, rows), Table("copied", run), count * rows, threads);
            Task<Timing> Publish() => PublishAsync(network, op, Write(staging, Table("published", run), count, rows), Table("published", run), count * rows);
            Timing copy, publish;
            if (run % 2 == 0) (copy, publish) = (await Copy(), await Publish());
            else (publish, copy) = (await Publish(), await Copy());
            if (warmUp) continue;
            copied.Add(copy);
            published.Add(publish);
        }
        Print("baseline: run client (operator) file copy", copied, files, rows, null);
        Print("publisher", published, files, rows, copied);
    }

    /// <summary>Seconds until every file was delivered to the operator, and until it counted every row.</summary>
    private readonly record struct Timing(double Delivered, double Counted);

    private static string Table(string way, int run) => run < 0 ? $"{way}_warmup" : $"{way}{run}";

    /// <summary>The file ids given so far: every file has its own (the operator loads a file id once).</summary>
    private int _fileIds;

    /// <summary>The files of one table, written (and fsynced) before the clock starts.</summary>
    private List<string> Write(string staging, string table, int files, int rows)
    {
        var paths = new List<string>();
        for (var file = 0; file < files; file++)
        {
            var content = new StringBuilder();
            for (var seq = file * rows; seq < (file + 1) * rows; seq++)
                content.Append("{\"seq\": ").Append(seq).Append(", \"value\": ").Append((seq * 0.5).ToString(CultureInfo.InvariantCulture)).Append(", \"device\": \"d").Append(seq % 7).Append("\"}\n");
            var path = Path.Combine(staging, $"{Dbms}.{table}.0.{++_fileIds:x32}.0.json");
            DurableFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(content.ToString()));
            paths.Add(path);
        }
        return paths;
    }

    private static async Task<Timing> CopyAsync(PublisherNetwork network, PublisherOperator op, List<string> paths, string table, long rows, int threads)
    {
        var watchDir = op.Node!.Dictionary.Get("watch_dir")!;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = threads }, async (path, cancellation) =>
            await PublisherNetwork.RunAsync(network.Publisher, $"run client ({op.Address}, timeout = 600) file copy {path} {Path.Combine(watchDir, Path.GetFileName(path))}", cancellation));
        var delivered = clock.Elapsed.TotalSeconds;
        await WaitForRowsAsync(op, table, rows, clock);
        foreach (var path in paths) File.Delete(path);
        return new Timing(delivered, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The files renamed into the publisher's watch dir (as the streamer and REST PUT place them).</summary>
    private static async Task<Timing> PublishAsync(PublisherNetwork network, PublisherOperator op, List<string> paths, string table, long rows)
    {
        var bkup = network.Publisher.Dictionary.Get("bkup_dir")!;
        var clock = Stopwatch.StartNew();
        foreach (var path in paths) File.Move(path, Path.Combine(network.WatchDir, Path.GetFileName(path)));
        // a file reaches bkup_dir once the operator confirmed it; it may be counted before that (the confirmation travels back)
        double? delivered = null;
        await WaitForRowsAsync(op, table, rows, clock, () => delivered ??= Directory.GetFiles(bkup, $"*.{table}.*").Length >= paths.Count ? clock.Elapsed.TotalSeconds : null);
        while (delivered is null)
        {
            if (Directory.GetFiles(bkup, $"*.{table}.*").Length >= paths.Count) delivered = clock.Elapsed.TotalSeconds;
            else await Task.Delay(5);
        }
        return new Timing(delivered.Value, clock.Elapsed.TotalSeconds);
    }

    private static async Task WaitForRowsAsync(PublisherOperator op, string table, long rows, Stopwatch clock, Action? poll = null)
    {
        long counted;
        while ((counted = await op.CountAsync(Dbms, table)) < rows)
        {
            poll?.Invoke();
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"{table}: {counted} of {rows} rows counted after 10 minutes");
            await Task.Delay(20);
        }
        if (counted != rows) throw new InvalidOperationException($"{table}: {counted} rows counted, {rows} sent");
    }

    private static void Print(string name, List<Timing> timings, int files, int rows, List<Timing>? baseline)
    {
        var counted = timings.Select(t => t.Counted).ToList();
        var (best, median) = (counted.Min(), RestCommandBenchmark.Median(counted));
        var versus = baseline is null ? "" : $"  = {baseline.Min(t => t.Counted) / best:P0} of the baseline (best), " +
                                             $"{RestCommandBenchmark.Median(baseline.Select(t => t.Counted)) / median:P0} (median)";
        Console.WriteLine($"{name}\n  until counted:   best {files / best,7:N1} files/s {files * rows / best,9:N0} rows/s; " +
                          $"median {files / median,7:N1} files/s {files * rows / median,9:N0} rows/s{versus}");
        var delivered = timings.Select(t => t.Delivered).ToList();
        Console.WriteLine($"  until delivered: best {files / delivered.Min(),7:N1} files/s; median {files / RestCommandBenchmark.Median(delivered),7:N1} files/s");
    }
}
