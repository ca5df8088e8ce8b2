using System.Diagnostics;
using System.Globalization;
using EdgeNode.Benchmarks.Ingest;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Rest;

/// <summary>
/// Resident memory of a node as deployed: the edgenode executable in its own process with REST, streamer, operator
/// (SQLite) and TCP, idle and after clients PUT <c>--rows</c> rows over REST (the rest-ingest load, until
/// <c>select count(*)</c> sees them all), with the ingest rate of that load. Each variant is the same node started with
/// other runtime settings (environment variables), so the figures of the variants are side by side from one run; the
/// first variant (no settings) is the baseline. The <c>published</c> variants start the binary given by
/// <c>--executable</c> (the Native AOT build of scripts/publish.sh) instead of <c>dotnet edgenode.dll</c>, the
/// <c>baseline</c> variant the <c>edgenode.dll</c> of another build given by <c>--baseline</c> (the code before a change).
/// </summary>
public sealed class MemoryBudgetBenchmark : IBenchmarkDriver
{
    public string Name => "memory";

    public string Description =>
        "RSS of a separate edgenode process (REST, streamer, operator, TCP) idle and after N rows over REST, with the ingest rate, " +
        "per runtime setting [--rows 1000000 --clients 8 --batch 1000 --variants sqlite-cache-64mb,default,gen0-4mb,...,tuned,published " +
        "--executable artifacts/aot/edgenode --baseline <edgenode.dll of another build>]";

    /// <summary>The node before the trimmer and the arena cap: glibc's default arenas (8 per core), nothing given back after a burst.</summary>
    private static readonly (string Name, string Value)[] Untrimmed = [("EDGENODE_TRIM_MEMORY", "0"), ("MALLOC_ARENA_MAX", "16")];

    /// <summary>
    /// The settings measured: environment variables of the node process, and where-clause options added to its
    /// <c>connect dbms</c> lines (<c>cache_size = 64MB</c> is the SQLite page cache the node had before the budget).
    /// </summary>
    private static readonly Dictionary<string, ((string Name, string Value)[] Environment, string Dbms)> Variants = new(StringComparer.Ordinal)
    {
        ["default"] = ([], ""),
        ["sqlite-cache-64mb"] = ([], " and cache_size = 64MB"),
        ["gen0-4mb"] = ([("DOTNET_GCgen0size", "400000")], ""),
        ["conserve"] = ([("DOTNET_GCConserveMemory", "7")], ""),
        ["arenas-2"] = ([("MALLOC_ARENA_MAX", "2")], ""),
        ["wx-off"] = ([("DOTNET_EnableWriteXorExecute", "0")], ""),
        ["tiered-pgo-off"] = ([("DOTNET_TieredPGO", "0")], ""),
        ["tuned"] = ([("DOTNET_GCgen0size", "400000"), ("MALLOC_ARENA_MAX", "2"), ("DOTNET_EnableWriteXorExecute", "0"), ("DOTNET_TieredPGO", "0")], ""),
        ["untrimmed"] = (Untrimmed, ""),
        ["trim-off"] = ([("EDGENODE_TRIM_MEMORY", "0")], ""),
        ["arenas-16"] = ([("MALLOC_ARENA_MAX", "16")], ""),
        [PublishedVariant] = ([], ""),
        [PublishedVariant + "-untrimmed"] = (Untrimmed, ""),
        [BaselineVariant] = ([], ""),
    };

    /// <summary>The variant that runs the <c>edgenode.dll</c> of <c>--baseline</c>.</summary>
    private const string BaselineVariant = "baseline";

    /// <summary>Variants named so run the published binary of <c>--executable</c> instead of <c>dotnet edgenode.dll</c>.</summary>
    private const string PublishedVariant = "published";

    public async Task RunAsync(string[] arguments)
    {
        var rowCount = RestCommandBenchmark.Option(arguments, "--rows", 1_000_000);
        var clients = RestCommandBenchmark.Option(arguments, "--clients", 8);
        var batch = RestCommandBenchmark.Option(arguments, "--batch", 1_000);
        var names = Array.IndexOf(arguments, "--variants") is var at and >= 0 && at + 1 < arguments.Length
            ? arguments[at + 1].Split(',')
            : ["sqlite-cache-64mb", "default", "gen0-4mb", "arenas-2", "wx-off", "tiered-pgo-off", "tuned"];
        var executable = PathOption(arguments, "--executable", names.Any(IsPublished), "a published edgenode (scripts/publish.sh)");
        var baseline = PathOption(arguments, "--baseline", names.Contains(BaselineVariant), "the edgenode.dll of another build");
        var load = new RestPutLoad(new IngestRows(rowCount), batch);
        Console.WriteLine($"memory budget: {rowCount:N0} rows over REST PUT in {batch:N0}-row arrays, {clients} clients, node in its own process, " +
                          $"{Environment.ProcessorCount} cores");
        Console.WriteLine($"{"variant",-20}{"idle RSS",10}{"after rows",12}{"(anon",10}{"file)",10}{"settled",10}{"(anon)",10}{"peak RSS",10}{"rows/s",12}   settings");
        foreach (var name in names)
        {
            var (settings, dbms) = Variants[name];
            var program = IsPublished(name) ? executable : name == BaselineVariant ? baseline : null;
            var figures = await MeasureAsync(program, settings, dbms, load, clients);
            Console.WriteLine($"{name,-20}{Mb(figures.Idle),10}{Mb(figures.After),12}{Mb(figures.AfterAnonymous),10}{Mb(figures.AfterFile),10}" +
                              $"{Mb(figures.Settled),10}{Mb(figures.SettledAnonymous),10}" +
                              $"{Mb(figures.Peak),10}{figures.Rate,12:N0}   " +
                              string.Join(' ', settings.Select(s => $"{s.Name}={s.Value}")) + dbms + (program is null ? "" : " " + program));
        }
    }

    private static string? PathOption(string[] arguments, string option, bool needed, string what)
    {
        var path = Array.IndexOf(arguments, option) is var at and >= 0 && at + 1 < arguments.Length ? Path.GetFullPath(arguments[at + 1]) : null;
        if (needed && (path is null || !File.Exists(path))) throw new ArgumentException($"the variants named need {option} <{what}>");
        return path;
    }

    private static bool IsPublished(string variant) => variant.StartsWith(PublishedVariant, StringComparison.Ordinal);

    private static string Mb(long kb) => $"{kb / 1024.0:F1}MB";

    /// <summary>
    /// Figures in KB of <c>/proc/pid/status</c>: RSS idle, 5 s after the rows (and its anonymous and file-backed parts),
    /// 75 s after them ("settled", and its anonymous part), peak.
    /// </summary>
    private readonly record struct Figures(long Idle, long After, long AfterAnonymous, long AfterFile, long Settled, long SettledAnonymous,
        long Peak, double Rate);

    /// <param name="program">A published executable, an <c>edgenode.dll</c> to run with dotnet, or null: this build's.</param>
    private static async Task<Figures> MeasureAsync(string? program, (string Name, string Value)[] settings, string dbms, RestPutLoad load, int clients)
    {
        var home = Directory.CreateTempSubdirectory("edgenode-bench-memory-").FullName;
        var restPort = FreePort.Get();
        var script = Path.Combine(home, "node.al");
        await File.WriteAllLinesAsync(script, ScriptLines(restPort, FreePort.Get(), clients, dbms));
        program ??= Path.Combine(AppContext.BaseDirectory, "edgenode.dll");
        var dll = program.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(dll ? "dotnet" : program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (dll) info.ArgumentList.Add(program);
        foreach (var arg in new[] { "--home", home, "process", script }) info.ArgumentList.Add(arg);
        foreach (var (name, value) in settings) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = RestCommandBenchmark.Client(restPort, clients);
            await WaitForRestAsync(http, process);
            await Task.Delay(TimeSpan.FromSeconds(3)); // idle: start-up work settled
            var idle = Status(process.Id, "VmRSS:");
            var (_, done) = await RestIngestBenchmark.IngestAsync(http, load, clients, "memory", TimeSpan.FromMilliseconds(50));
            await Task.Delay(TimeSpan.FromSeconds(5)); // what the node keeps once the rows are in
            Console.WriteLine($"  {await GcCountsAsync(http)}");
            var after = (Status(process.Id, "VmRSS:"), Status(process.Id, "RssAnon:"), Status(process.Id, "RssFile:"));
            await Task.Delay(TimeSpan.FromSeconds(70)); // what it keeps for good: past the trimmer's second trim
            Console.WriteLine($"  {await GcCountsAsync(http)}");
            return new Figures(idle, after.Item1, after.Item2, after.Item3, Status(process.Id, "VmRSS:"), Status(process.Id, "RssAnon:"),
                Status(process.Id, "VmHWM:"), load.RowCount / done.TotalSeconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>An operator node as <see cref="RestIngestBenchmark"/> configures it, with a TCP server too.</summary>
    private static string[] ScriptLines(int restPort, int tcpPort, int clients, string dbms) =>
    [
        "create work directories",
        $"connect dbms almgm where type = sqlite{dbms}",
        "create table tsd_info where dbms = almgm",
        "<p = {\"cluster\": {\"company\": \"bench\", \"name\": \"c1\"}}>",
        "blockchain insert where policy = !p and local = true",
        "cluster_id = blockchain get cluster bring [cluster][id]",
        "p = create policy operator with defaults where name = op1 and company = bench and cluster = !cluster_id",
        "blockchain insert where policy = !p and local = true",
        "operator_id = blockchain get operator bring [operator][id]",
        "run operator where policy = !operator_id and update_tsd_info = true and archive_json = true and threads = 2",
        $"connect dbms bench where type = sqlite{dbms}",
        "set buffer threshold where time = 60 seconds and volume = 1024KB",
        "run streamer",
        $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {tcpPort} and bind = true",
        $"run rest server where internal_ip = 127.0.0.1 and internal_port = {restPort} and bind = true and threads = {Math.Max(5, clients)}",
    ];

    private static async Task WaitForRestAsync(HttpClient http, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"edgenode exited with {process.ExitCode} before its REST server answered");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.TryAddWithoutValidation("command", "get status");
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode) return; // the script's last line: everything before it runs
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException("edgenode's REST server did not answer within a minute");
            await Task.Delay(100);
        }
    }

    /// <summary>The node's collections per generation so far (<c>get node info memory</c>): LOH allocations show as gen2 ones.</summary>
    private static async Task<string> GcCountsAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("command", "get node info memory where format = json");
        using var response = await http.SendAsync(request);
        var memory = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return $"collections: gen0 {memory?["gen0_collections"]}, gen1 {memory?["gen1_collections"]}, gen2 {memory?["gen2_collections"]}; " +
               $"managed heap {Mb((long?)memory?["managed_heap"] / 1024 ?? 0)}, GC committed {Mb((long?)memory?["gc_committed"] / 1024 ?? 0)}";
    }

    /// <summary>A figure of <c>/proc/pid/status</c> in KB (VmRSS: resident now, RssAnon/RssFile: its parts, VmHWM: the peak).</summary>
    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }
}
