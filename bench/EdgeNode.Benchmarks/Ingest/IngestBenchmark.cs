using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// <c>ingest [--rows N] [--runs R] [--engine sqlite|psql|all]</c>: rows/s of every <see cref="IngestCase"/>, each next to
/// its baseline measured in the same run. Each run loads into a fresh table; the best and the median run are printed (the
/// best is the least disturbed by other work on a shared machine). A warm-up load of 5,000 rows precedes the measured runs of each case.
/// </summary>
public sealed class IngestBenchmark : IBenchmarkDriver
{
    public string Name => "ingest";

    public string Description => "rows/s of EdgeNode's bulk load (SQLite, PostgreSQL) next to raw Microsoft.Data.Sqlite / Npgsql COPY";

    public async Task RunAsync(string[] arguments)
    {
        var rowCount = Option(arguments, "--rows", 200_000);
        var runs = Option(arguments, "--runs", 3);
        var engine = OptionText(arguments, "--engine", "all");
        var cases = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => t.IsSubclassOf(typeof(IngestCase)) && !t.IsAbstract)
            .Select(t => (IngestCase)Activator.CreateInstance(t)!)
            .Where(c => engine == "all" || c.Engine == engine)
            .OrderBy(c => c.Engine, StringComparer.Ordinal).ThenBy(c => c.Baseline is null ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var rows = new IngestRows(rowCount);
        var warmup = new IngestRows(5_000);
        await using var environment = new IngestEnvironment();
        var rates = cases.ToDictionary(c => c.Name, _ => new List<double>(), StringComparer.Ordinal);
        Console.WriteLine($"ingest: {rowCount:N0} rows x {runs} runs per case, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        var id = 0;
        foreach (var ingest in cases) await Load(ingest, warmup, id++);
        // runs interleave the cases so a slow phase of a shared machine does not favour one of them
        for (var run = 0; run < runs; run++)
        {
            foreach (var ingest in cases)
            {
                var watch = Stopwatch.StartNew();
                var loaded = await Load(ingest, rows, id++);
                if (loaded != rows.Count) throw new InvalidOperationException($"{ingest.Name} loaded {loaded} rows instead of {rows.Count}");
                rates[ingest.Name].Add(loaded / watch.Elapsed.TotalSeconds);
            }
        }
        Console.WriteLine($"{"case",-28} {"engine",-7} {"best rows/s",12} {"median",10}  vs baseline (best, median)");
        foreach (var ingest in cases)
        {
            var (best, median) = (rates[ingest.Name].Max(), Median(rates[ingest.Name]));
            var versus = ingest.Baseline is { } baseline && rates.TryGetValue(baseline, out var raw)
                ? $"{best / raw.Max() * 100:F0}%, {median / Median(raw) * 100:F0}% of {baseline}"
                : "baseline";
            Console.WriteLine($"{ingest.Name,-28} {ingest.Engine,-7} {best,12:N0} {median,10:N0}  {versus}");
        }

        async Task<long> Load(IngestCase ingest, IngestRows data, int run) =>
            await ingest.RunAsync(environment, $"bench_{ingest.Name.Replace('-', '_')}_{run}", data, CancellationToken.None);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static int Option(string[] arguments, string name, int fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length && int.TryParse(arguments[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string OptionText(string[] arguments, string name, string fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
    }
}
