using System.Diagnostics;
using System.Net.Sockets;

namespace EdgeNode.TestSupport;

/// <summary>
/// A real mosquitto broker for tests: its own config in a temp dir (<c>listener &lt;free port&gt; 127.0.0.1</c>,
/// anonymous access, optional persistence), started as a child process and stopped by its PID. <see cref="RestartAsync"/>
/// stops it and starts it again on the same port (with persistence, the sessions and queued messages survive).
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly string _config;
    private Process? _process;

    private readonly Func<ProcessStartInfo, ProcessStartInfo>? _launch;

    private MosquittoServer(string directory, int port, string config, Func<ProcessStartInfo, ProcessStartInfo>? launch)
    {
        Directory = directory;
        Port = port;
        _config = config;
        _launch = launch;
    }

    public string Directory { get; }
    public int Port { get; }
    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    /// <summary>
    /// Starts a broker; <paramref name="extraConfig"/> lines are appended to its config (e.g. <c>max_inflight_messages 0</c>).
    /// With <paramref name="user"/>, clients must log in with that user and password (a <c>mosquitto_passwd</c> file).
    /// </summary>
    /// <param name="launch">Rewrites how the broker is started (e.g. inside a network namespace, through <c>nsenter</c>); the broker
    /// is then taken as ready when its log says it is running, as a connection from here may not reach it.</param>
    public static async Task<MosquittoServer> StartAsync(bool persistence = false, string extraConfig = "", (string Name, string Password)? user = null,
        Func<ProcessStartInfo, ProcessStartInfo>? launch = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("mosquitto-test-").FullName;
        var port = FreePort.Get();
        var config = Path.Combine(directory, "mosquitto.conf");
        var lines = new List<string>
        {
            $"listener {port} 127.0.0.1",
            user is null ? "allow_anonymous true" : await PasswordFileAsync(directory, user.Value),
            "user root", // tests run as root here; mosquitto would otherwise switch to a user that cannot write the temp dir
            $"log_dest file {Path.Combine(directory, "mosquitto.log")}",
            "log_type error", "log_type warning", "log_type notice", "log_type information", "log_type subscribe",
            "max_queued_messages 100000",
        };
        if (persistence) lines.AddRange(["persistence true", $"persistence_location {directory}/", "autosave_interval 1"]);
        if (extraConfig.Length > 0) lines.Add(extraConfig);
        await File.WriteAllLinesAsync(config, lines);
        var server = new MosquittoServer(directory, port, config, launch);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Writes a password file with <c>mosquitto_passwd -b</c>; returns the config lines that require it.</summary>
    private static async Task<string> PasswordFileAsync(string directory, (string Name, string Password) user)
    {
        var path = Path.Combine(directory, "passwords");
        using var passwd = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-b", "-c", path, user.Name, user.Password])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("mosquitto_passwd did not start");
        await passwd.WaitForExitAsync();
        if (passwd.ExitCode != 0) throw new InvalidOperationException($"mosquitto_passwd failed: {await passwd.StandardError.ReadToEndAsync()}");
        return $"allow_anonymous false\npassword_file {path}";
    }

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(Executable, ["-c", _config])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_launch is not null) info = _launch(info);
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {await ReadLogAsync()}");
            if (_launch is null ? await AcceptsAsync() : (await ReadSharedAsync()).Contains(" running", StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"mosquitto did not listen on {Port}: {await ReadLogAsync()}");
            await Task.Delay(20);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until mosquitto's log shows <paramref name="text"/> (e.g. a client id when it subscribes).</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await ReadSharedAsync()).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"mosquitto's log does not show '{text}': {await ReadSharedAsync()}");
            await Task.Delay(20);
        }
    }

    private async Task<string> ReadSharedAsync()
    {
        if (!File.Exists(LogPath)) return "";
        await using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<string> ReadLogAsync() => File.Exists(LogPath) ? await File.ReadAllTextAsync(LogPath) : "(no log)";

    /// <summary>Stops the broker (SIGTERM: with persistence it saves its state) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null) return;
        using (process)
        {
            if (!process.HasExited) Signal(process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Stops the broker and starts it again on the same port with the same config and persistence.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    private static void Signal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
