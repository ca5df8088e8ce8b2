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
/// publisher's threads), timed until counted the same way. One in-process network on 127.0.0.1: a publisher and one
/// operator (SQLite, update_tsd_info) whose cluster hosts the tables. Each run uses new tables; runs alternate the two ways
/// so that a change of load hits both; the best and the median run are printed.
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
        var tables = Enumerable.Range(0, runs).SelectMany(r => new[] { new TableSpec(Dbms, $"copied{r}", "c1"), new TableSpec(Dbms, $"published{r}", "c1") }).ToList();
        await using var network = await StartAsync([new OperatorSpec("op1", "c1", Main: true)], tables);
        var op = network.Operators[0];
        await network.RunPublisherAsync($"threads = {threads}");
        var staging = Path.Combine(Path.GetDirectoryName(network.WatchDir)!, "bench-staging");
        Directory.CreateDirectory(staging);

        Console.WriteLine($"publisher: {files} files of {rows} rows ({files * rows:N0} rows), {threads} at a time, {runs} runs, " +
                          $"{Environment.ProcessorCount} cores; timed until the operator counts every row");
        var copied = new List<double>();
        var published = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            copied.Add(await CopyAsync(network, op, Write(staging, $"copied{run}", files, rows), $"copied{run}", files * rows, threads));
            published.Add(await PublishAsync(network, op, Write(staging, $"published{run}", files, rows), $"published{run}", files * rows));
        }
        Print("baseline: run client (operator) file copy", copied, files, rows, null);
        Print("publisher", published, files, rows, copied);
    }

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

    private static async Task<double> CopyAsync(PublisherNetwork network, PublisherOperator op, List<string> paths, string table, long rows, int threads)
    {
        var watchDir = op.Node!.Dictionary.Get("watch_dir")!;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = threads }, async (path, cancellation) =>
            await PublisherNetwork.RunAsync(network.Publisher, $"run client ({op.Address}, timeout = 600) file copy {path} {Path.Combine(watchDir, Path.GetFileName(path))}", cancellation));
        await WaitForRowsAsync(op, table, rows, clock);
        foreach (var path in paths) File.Delete(path);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The files renamed into the publisher's watch dir (as the streamer and REST PUT place them).</summary>
    private static async Task<double> PublishAsync(PublisherNetwork network, PublisherOperator op, List<string> paths, string table, long rows)
    {
        var clock = Stopwatch.StartNew();
        foreach (var path in paths) File.Move(path, Path.Combine(network.WatchDir, Path.GetFileName(path)));
        await WaitForRowsAsync(op, table, rows, clock);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task WaitForRowsAsync(PublisherOperator op, string table, long rows, Stopwatch clock)
    {
        long counted;
        while ((counted = await op.CountAsync(Dbms, table)) < rows)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"{table}: {counted} of {rows} rows counted after 10 minutes");
            await Task.Delay(20);
        }
        if (counted != rows) throw new InvalidOperationException($"{table}: {counted} rows counted, {rows} sent");
    }

    private static void Print(string name, List<double> seconds, int files, int rows, List<double>? baseline)
    {
        var (best, median) = (seconds.Min(), RestCommandBenchmark.Median(seconds));
        var versus = baseline is null ? "" : $"   {baseline.Min() / best:P0} of the baseline (best), {RestCommandBenchmark.Median(baseline) / median:P0} (median)";
        Console.WriteLine($"{name,-44} best {files / best,8:N1} files/s {files * rows / best,10:N0} rows/s;  median {files / median,8:N1} files/s " +
                          $"{files * rows / median,10:N0} rows/s{versus}");
    }
}
