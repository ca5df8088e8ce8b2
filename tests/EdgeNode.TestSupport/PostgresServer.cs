using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace EdgeNode.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> in a temp dir (run as user <c>postgres</c> when we are root, as
/// PostgreSQL refuses to run as root), started with <c>pg_ctl</c> on a free port of 127.0.0.1 only, trust auth for
/// user <c>postgres</c>, stopped by its postmaster PID. Binaries from <c>EDGENODE_PG_BIN</c>, else the newest
/// <c>/usr/lib/postgresql/*/bin</c>. Used by the tests' assembly fixture and by the benchmarks.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;
    private readonly string _settings;
    private readonly bool _asRoot;

    private PostgresServer(string directory, string bin, string settings, bool asRoot, int port, int pid, bool durable)
    {
        _directory = directory;
        _bin = bin;
        _settings = settings;
        _asRoot = asRoot;
        Port = port;
        Pid = pid;
        Durable = durable;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    public string Host => "127.0.0.1";

    /// <summary>The directory of the server's Unix socket: clients in another network namespace reach it there (host = this path).</summary>
    public string SocketDirectory => _directory;
    public int Port { get; }
    public string User => "postgres";
    public int Pid { get; private set; }

    /// <summary>False when started with fsync off (tests); benchmarks start a durable server to compare fairly.</summary>
    public bool Durable { get; }

    /// <summary>The where-clause options that connect a logical DBMS to this server.</summary>
    public string ConnectOptions => $"type = psql and ip = {Host} and port = {Port} and user = {User}";

    public string ConnectionString(string database = "postgres") =>
        $"Host={Host};Port={Port};Username={User};Database={database};Pooling=true";

    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("EDGENODE_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static async Task<PostgresServer> StartAsync(bool durable = false, CancellationToken cancellation = default)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL binaries not found: install postgresql (scripts/install-test-deps.sh) or set EDGENODE_PG_BIN");
        var directory = Directory.CreateTempSubdirectory("edgenode-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        try
        {
            if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", directory], asRoot: false, cancellation);
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
                asRoot, cancellation);
            var port = FreePort.Get();
            var settings = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200" +
                           (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            var server = new PostgresServer(directory, bin, settings, asRoot, port, 0, durable);
            await server.StartServerAsync(cancellation);
            return server;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var log = Path.Combine(directory, "server.log");
            var detail = File.Exists(log) ? await File.ReadAllTextAsync(log, CancellationToken.None) : "";
            TryDelete(directory);
            throw new InvalidOperationException($"PostgreSQL did not start: {e.Message}\n{detail}", e);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellation)
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-o", _settings, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start"],
            _asRoot, cancellation);
        var pidLine = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"), cancellation))[0];
        Pid = int.Parse(pidLine, CultureInfo.InvariantCulture);
        await WaitAcceptingAsync(cancellation);
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), as an outage would; <see cref="RestartAsync"/> brings it back.</summary>
    public Task StopAsync(CancellationToken cancellation = default) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _asRoot, cancellation);

    /// <summary>Starts a stopped server again on the same port with the same data.</summary>
    public Task RestartAsync(CancellationToken cancellation = default) => StartServerAsync(cancellation);

    private async Task WaitAcceptingAsync(CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Host, Port, cancellation);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellation);
            }
        }
    }

    private static async Task RunAsync(string program, string[] arguments, bool asRoot, CancellationToken cancellation)
    {
        var info = asRoot ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await errors} {await output}");
    }

    /// <summary>Fast shutdown (SIGINT) of the postmaster by PID, SIGKILL if it lingers, then the directory goes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            using (var signal = Process.Start("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)])) await signal.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }
        catch (ArgumentException)
        {
            // already gone
        }
        TryDelete(_directory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temp space
        }
        catch (UnauthorizedAccessException)
        {
            // files owned by postgres on a non-root run; the OS cleans temp space
        }
    }
}
