using System.Diagnostics;
using System.Globalization;

namespace EdgeNode.Benchmarks.Language;

/// <summary>
/// Time from process start to the first command answered, and resident memory once idle, for the edgenode executable,
/// next to the same figures for a bare .NET console program (this benchmark binary with <c>--hello</c>), which is the
/// floor any .NET node pays. Each start is a fresh process with a fresh home.
/// </summary>
public sealed class StartupDriver : IBenchmarkDriver
{
    public string Name => "startup";
    public string Description => "start time to first answer and idle RSS: edgenode vs a bare .NET program [runs] [--published <dir>]";

    public async Task RunAsync(string[] arguments)
    {
        var runs = arguments.Length > 0 && int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var n) ? n : 10;
        var published = Array.IndexOf(arguments, "--published") is var at and >= 0 && at + 1 < arguments.Length ? arguments[at + 1] : null;
        var edgenode = Path.Combine(AppContext.BaseDirectory, "edgenode.dll");
        var self = Path.Combine(AppContext.BaseDirectory, "EdgeNode.Benchmarks.dll");
        Console.WriteLine($"runs: {runs}, edgenode: {edgenode}");
        var baseline = await MeasureAsync("dotnet", [self, "--hello"], "hello", runs);
        var node = await MeasureAsync("dotnet", [edgenode, "--home", "{home}", "get status"], "running", runs);
        Report("bare .NET program", baseline);
        Report("edgenode (get status)", node);
        if (published is null) return;
        // a ReadyToRun publish (scripts/publish.sh): precompiled code, no JIT at start
        var r2r = await MeasureAsync(Path.Combine(published, "edgenode"), ["--home", "{home}", "get status"], "running", runs);
        Report("edgenode published R2R", r2r);
    }

    private static void Report(string what, (List<double> Ms, long RssKb) result)
    {
        result.Ms.Sort();
        Console.WriteLine($"{what,-24} start p50 {result.Ms[result.Ms.Count / 2],7:F1} ms  min {result.Ms[0],7:F1} ms  max {result.Ms[^1],7:F1} ms  idle RSS {result.RssKb / 1024.0,6:F1} MB");
    }

    private static async Task<(List<double>, long)> MeasureAsync(string program, string[] args, string expected, int runs)
    {
        var times = new List<double>();
        long rss = 0;
        for (var i = 0; i < runs; i++)
        {
            var home = Directory.CreateTempSubdirectory("edgenode-startup-").FullName;
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var arg in args) info.ArgumentList.Add(arg.Replace("{home}", home, StringComparison.Ordinal));
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                if (line.Contains(expected, StringComparison.Ordinal)) break;
            times.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(1500); // idle: let start-up work settle before reading memory
            rss = Math.Max(rss, ResidentKb(process.Id));
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(home, recursive: true);
        }
        return (times, rss);
    }

    private static long ResidentKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }
}
