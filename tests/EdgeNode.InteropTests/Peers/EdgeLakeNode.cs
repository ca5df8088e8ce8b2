using System.Diagnostics;
using System.Text;

namespace EdgeNode.InteropTests.Peers;

/// <summary>
/// A real EdgeLake node (Python, from <see cref="PeerFolder"/>) on 127.0.0.1, in its own temp home: it runs one of the
/// scripts of <c>Scripts/</c> with the settings given before it, and is driven through its REST server. Its console output
/// is kept (tests read what it printed). Dispose asks it to exit, then kills what is left, and deletes the home.
/// </summary>
public sealed class EdgeLakeNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EdgeLakeNode(string name, string home, int tcpPort, int restPort, Process process)
    {
        Name = name;
        Home = home;
        TcpPort = tcpPort;
        Rest = new RestEndpoint(restPort);
        _process = process;
    }

    public string Name { get; }
    public string Home { get; }
    public int TcpPort { get; }
    public string Address => $"127.0.0.1:{TcpPort}";
    public RestEndpoint Rest { get; }

    /// <summary>What the node printed so far (its console: replies from peers, errors of its scripts).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts <paramref name="script"/> (a file of <c>Scripts/</c>) after the settings (<c>key = value</c> lines), on free
    /// ports named <c>tcp_port</c> (or <paramref name="tcpPort"/>) and <c>rest_port</c>, and waits for the line the script
    /// ends with (<c>... is up</c>).
    /// </summary>
    public static async Task<EdgeLakeNode> StartAsync(string name, string script, IReadOnlyDictionary<string, string> settings, int? tcpPort = null)
    {
        var home = Directory.CreateTempSubdirectory($"edgelake-{name}-").FullName;
        var (tcp, rest) = (tcpPort ?? FreePort.Get(), FreePort.Get());
        var lines = new List<string> { $"node_name_v = {name}", $"tcp_port = {tcp}", $"rest_port = {rest}" };
        lines.AddRange(settings.Select(s => $"{s.Key} = {s.Value}"));
        lines.Add($"process {Path.Combine(AppContext.BaseDirectory, "Scripts", script)}");
        var start = Path.Combine(home, "start.al");
        await File.WriteAllLinesAsync(start, lines, TestContext.Current.CancellationToken);
        // UTC: EdgeLake shows query answers in the machine's time zone; SIGINT at its default (see NodeProcess)
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--default-signal=INT", "TZ=UTC", "bash", PeerFolder.RunNodeScript, home, start])
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new EdgeLakeNode(name, home, tcp, rest, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.HoldsAsync(() => node.Output.Contains(" is up", StringComparison.Ordinal) || process.HasExited,
                $"EdgeLake node {name} started", TimeSpan.FromSeconds(120));
            Assert.False(process.HasExited, $"EdgeLake node {name} exited:\n{node.Output}");
            Assert.DoesNotContain("Script terminated", node.Output, StringComparison.Ordinal);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(line).Append('\n');
    }

    public ValueTask DisposeAsync() => new(NodeShutdown.StopAsync(_process, Rest, Home));
}
