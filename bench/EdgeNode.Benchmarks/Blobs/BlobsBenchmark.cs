using System.Diagnostics;
using System.Globalization;
using EdgeNode.Benchmarks.Ingest;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Blobs;

/// <summary>
/// <c>blobs [--count N] [--runs R] [--largest BYTES] [--cases copy,folder,...]</c>: blobs/s and MB/s of the blobs archiver
/// storing the same generated images (sizes spread on a log scale from 10 KB to 5 MB) into SQLite, PostgreSQL (a durable
/// server) and the folder archive (plain and gzipped), next to a raw file copy of the same bytes in the same run.
/// Each run of a case starts from the state the ways in leave: every blob in <c>blobs_dir</c>, one row file per blob in
/// <c>bwatch_dir</c> (written and fsynced before the clock starts). The clock runs from <c>run blobs archiver</c> until
/// every row file has been handed to the watch dir, i.e. every blob checked (size, md5) and durable in its destination.
/// The copy baseline copies each file to a new directory and fsyncs it (the archive must be durable too); the page-cache
/// copy (no fsync) is printed for scale. Runs interleave the cases; the best and the median run are printed.
/// </summary>
public sealed class BlobsBenchmark : IBenchmarkDriver
{
    private static readonly string[] AllCases = ["copy", "copy-no-fsync", "folder", "folder-gzip", "sqlite", "psql"];

    public string Name => "blobs";

    public string Description => "blobs/s and MB/s of the blobs archiver into SQLite, PostgreSQL and the folder archive, next to a raw file copy";

    public async Task RunAsync(string[] arguments)
    {
        var count = Option(arguments, "--count", 100);
        var runs = Option(arguments, "--runs", 3);
        var largest = Option(arguments, "--largest", 5 * 1024 * 1024);
        var cases = OptionText(arguments, "--cases", string.Join(',', AllCases)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var root = Directory.CreateTempSubdirectory("edgenode-bench-blobs-").FullName;
        PostgresServer? postgres = null;
        try
        {
            var images = GeneratedBlobs.Sizes(count, largest: largest).Select((size, i) => GeneratedBlobs.Image(i, size)).ToList();
            var bytes = images.Sum(i => (long)i.Length);
            var source = Path.Combine(root, "source");
            foreach (var image in images) GeneratedBlobs.Drop(source, "bench", "images", image);
            if (cases.Contains("psql")) postgres = await PostgresServer.StartAsync(durable: true);
            Console.WriteLine($"blobs: {count} images, {bytes / 1e6:F1} MB ({images.Min(i => i.Length):N0} to {images.Max(i => i.Length):N0} bytes), " +
                              $"{runs} runs, {Environment.ProcessorCount} cores");
            var seconds = cases.ToDictionary(c => c, _ => new List<double>(), StringComparer.Ordinal);
            for (var run = 0; run < runs; run++)
                foreach (var name in cases)
                    seconds[name].Add(await RunCaseAsync(name, source, images, Path.Combine(root, $"{name}-{run}"), postgres));
            var copy = seconds.GetValueOrDefault("copy");
            Console.WriteLine($"{"case",-15} {"best blobs/s",13} {"best MB/s",10} {"median MB/s",12}  vs copy (best, median)");
            foreach (var name in cases)
            {
                var (best, median) = (seconds[name].Min(), Median(seconds[name]));
                var versus = copy is null || name == "copy" ? "" : $"{copy.Min() / best * 100:F0}%, {Median(copy) / median * 100:F0}%";
                Console.WriteLine($"{name,-15} {count / best,13:N1} {bytes / 1e6 / best,10:N1} {bytes / 1e6 / median,12:N1}  {versus}");
            }
        }
        finally
        {
            if (postgres is not null) await postgres.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One run of a case in a new directory; the seconds its measured part took.</summary>
    private static async Task<double> RunCaseAsync(string name, string source, IReadOnlyList<byte[]> images, string directory,
        PostgresServer? postgres)
    {
        Directory.CreateDirectory(directory);
        if (name.StartsWith("copy", StringComparison.Ordinal)) return Copy(source, directory, fsync: name == "copy");
        var archiver = name switch
        {
            "folder" => "dbms = false and folder = true and compress = false",
            "folder-gzip" => "dbms = false and folder = true and compress = true",
            _ => "dbms = true and folder = false",
        };
        await using var node = NodeComposition.Create(new NodeOptions { Home = directory, LocalIp = "127.0.0.1" });
        await OperatorSetup.OkAsync(node, "create work directories", CancellationToken.None);
        var dbms = "b" + Path.GetFileName(directory).Replace('-', '_');
        if (name == "sqlite") await OperatorSetup.OkAsync(node, $"connect dbms blobs_{dbms} where type = sqlite", CancellationToken.None);
        if (name == "psql") await OperatorSetup.OkAsync(node, $"connect dbms blobs_{dbms} where {postgres!.ConnectOptions}", CancellationToken.None);
        var blobsDir = node.Dictionary.Get("blobs_dir")!;
        var bwatch = node.Dictionary.Get("bwatch_dir")!;
        var watchDir = node.Dictionary.Get("watch_dir")!;
        for (var i = 0; i < images.Count; i++)
        {
            var id = GeneratedBlobs.Drop(blobsDir, dbms, "images", images[i]);
            GeneratedBlobs.DropRows(bwatch, $"{dbms}.images.{i}.0.0.json", $"{{\"seq\": {i}, \"file\": \"{id}\"}}");
        }
        var watch = Stopwatch.StartNew();
        await OperatorSetup.OkAsync(node, $"run blobs archiver where {archiver}", CancellationToken.None);
        while (Directory.GetFiles(watchDir).Length < images.Count || Directory.GetFiles(bwatch).Length > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{name}: the archiver did not finish");
            await Task.Delay(2);
        }
        var elapsed = watch.Elapsed.TotalSeconds;
        if (Directory.GetFiles(node.Dictionary.Get("err_dir")!).Length > 0) throw new InvalidOperationException($"{name}: files went to the error dir");
        return elapsed;
    }

    /// <summary>The baseline: each file copied into <paramref name="directory"/>, fsynced when asked, then the directory fsynced.</summary>
    private static double Copy(string source, string directory, bool fsync)
    {
        var files = Directory.GetFiles(source);
        var watch = Stopwatch.StartNew();
        foreach (var file in files)
        {
            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var output = new FileStream(Path.Combine(directory, Path.GetFileName(file)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            input.CopyTo(output);
            if (fsync) output.Flush(flushToDisk: true);
        }
        if (fsync) DurableFiles.SyncDirectory(directory);
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] arguments, string name, int fallback) =>
        int.TryParse(OptionText(arguments, name, ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string OptionText(string[] arguments, string name, string fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
    }
}
