using System.Diagnostics;
using System.Text;

namespace EdgeNode.TestSupport;

/// <summary>
/// A real <c>edgenode</c> process in a temp home, driven through standard input, its standard output collected line by
/// line. Tests wait for output with a timeout instead of sleeping. Dispose kills what is still running and deletes the home.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly bool _ownsHome;

    private NodeProcess(Process process, string home, bool ownsHome)
    {
        _process = process;
        Home = home;
        _ownsHome = ownsHome;
    }

    public string Home { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    /// <summary>
    /// How long a test waits for an event of a node process (its output, a log line, its exit). A cold .NET start on a
    /// 2-core machine whose cores are busy with other tests (or another program) can take many seconds; the wait ends
    /// as soon as the event happens, so a generous budget costs nothing when the machine is idle.
    /// </summary>
    public static readonly TimeSpan EventBudget = TimeSpan.FromSeconds(60);

    /// <summary>Path of edgenode.dll next to the test assembly (the project reference copies it there).</summary>
    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "edgenode.dll");

    /// <summary>
    /// The command that starts a node: <c>dotnet edgenode.dll</c>, or the published binary named by <c>EDGENODE_EXECUTABLE</c>
    /// (the single file or the Native AOT build of scripts/publish.sh; a relative path is from the repository root), so the
    /// tests that start the node as a process check a published flavor:
    /// <c>EDGENODE_EXECUTABLE=artifacts/aot/edgenode EdgeNode.IntegrationTests -class '*ExecutableTests'</c>.
    /// </summary>
    public static IReadOnlyList<string> Command =>
        Environment.GetEnvironmentVariable("EDGENODE_EXECUTABLE") is { Length: > 0 } published
            ? [Path.IsPathRooted(published) ? published : RepositoryFiles.Path(published)]
            : ["dotnet", ExecutablePath];

    /// <summary>Starts a node; <paramref name="home"/> null creates a temp home deleted on dispose.</summary>
    public static NodeProcess Start(string? home = null, params string[] arguments) => Start(home, homeVariable: false, arguments);

    /// <summary>Starts a node whose home is given by the EDGENODE_HOME environment variable instead of <c>--home</c>.</summary>
    public static NodeProcess StartWithHomeVariable(string home, params string[] arguments) => Start(home, homeVariable: true, arguments);

    /// <summary>
    /// Starts <c>edgenode [settings...] process examples/[script]</c> (a node of a network built with the example scripts,
    /// the settings given before the script) and waits for the "... is up: " line it ends with, without an error printed.
    /// </summary>
    public static async Task<NodeProcess> StartExampleAsync(string? home, string script, params string[] settings)
    {
        var node = Start(home, [.. settings, "process", RepositoryFiles.Path($"examples/{script}")]);
        try
        {
            await node.WaitForOutputAsync(" is up: ", EventBudget);
            Assert.DoesNotMatch(@"(?m)^Error \d+:", node.Output);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static NodeProcess Start(string? home, bool homeVariable, string[] arguments)
    {
        var ownsHome = home is null;
        home ??= Directory.CreateTempSubdirectory("edgenode-it-").FullName;
        var info = StartInfo(Command);
        if (homeVariable)
        {
            info.Environment["EDGENODE_HOME"] = home;
        }
        else
        {
            info.Environment.Remove("EDGENODE_HOME");
            info.ArgumentList.Add("--home");
            info.ArgumentList.Add(home);
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_TieredPGO"] = "0";
        return Launch(info, home, ownsHome);
    }

    /// <summary>
    /// Starts the node in another form than <c>edgenode.dll</c> (the published single file, the image's entry point):
    /// <paramref name="command"/> is the program and its arguments; the home (a temp one, deleted on dispose) is given as
    /// EDGENODE_HOME, with <paramref name="environment"/> over the inherited variables.
    /// </summary>
    public static NodeProcess StartCommand(IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        var home = Directory.CreateTempSubdirectory("edgenode-it-").FullName;
        var info = StartInfo(command);
        info.Environment["EDGENODE_HOME"] = home;
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return Launch(info, home, ownsHome: true);
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> command)
    {
        // 'env --default-signal=INT': a test run started in the background (a CI job, 'cmd &') inherits SIGINT ignored, and
        // the node would inherit that too; a node started from a terminal takes SIGINT, which is what the tests check
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--default-signal=INT");
        foreach (var word in command) info.ArgumentList.Add(word);
        return info;
    }

    private static NodeProcess Launch(ProcessStartInfo info, string home, bool ownsHome)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process, home, ownsHome);
        process.OutputDataReceived += (_, e) => node.Append(node._output, e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(node._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (target) target.Append(line).Append('\n');
        _changed.Release();
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until the output contains <paramref name="text"/> (after <paramref name="from"/>), or fails with what was seen.</summary>
    public async Task<int> WaitForOutputAsync(string text, TimeSpan? timeout = null, int from = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? EventBudget);
        while (true)
        {
            var output = Output;
            var index = output.IndexOf(text, from, StringComparison.Ordinal);
            if (index >= 0) return index + text.Length;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && !await _changed.WaitAsync(100))
                throw new TimeoutException($"'{text}' not printed.\n--- stdout ---\n{output}\n--- stderr ---\n{Errors}");
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Sends a command followed by an <c>echo</c> marker and returns what the command printed before the marker.</summary>
    public async Task<string> RunAsync(string command, TimeSpan? timeout = null)
    {
        var marker = $"--done-{Guid.NewGuid():N}--";
        var start = Output.Length;
        await SendAsync(command);
        await SendAsync($"echo {marker}");
        var end = await WaitForOutputAsync(marker, timeout, start);
        return Output[start..(end - marker.Length)].TrimEnd('\n');
    }

    /// <summary>Runs a command that must succeed (no <c>Error N:</c> line printed) and returns what it printed.</summary>
    public async Task<string> OkAsync(string command, TimeSpan? timeout = null)
    {
        var output = await RunAsync(command, timeout);
        Assert.DoesNotMatch(@"(?m)^Error \d+:", output);
        return output;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2, SIGKILL = 9).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
        _process.Dispose();
        if (_ownsHome)
        {
            try
            {
                Directory.Delete(Home, recursive: true);
            }
            catch (IOException)
            {
                // files may still be released; temp space is cleaned by the OS
            }
        }
    }
}
