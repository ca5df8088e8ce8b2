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

    private PostgresServer(string directory, int port, int pid, bool durable)
    {
        _directory = directory;
        Port = port;
        Pid = pid;
        Durable = durable;
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string User => "postgres";
    public int Pid { get; }

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
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", settings, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"],
                asRoot, cancellation);
            var pidLine = (await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid"), cancellation))[0];
            var server = new PostgresServer(directory, port, int.Parse(pidLine, CultureInfo.InvariantCulture), durable);
            await server.WaitAcceptingAsync(cancellation);
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
