using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.TestSupport;

/// <summary>A real node built as the executable builds it, in a temp home that is deleted afterwards.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly bool _ownsHome;

    /// <summary>A node in a new temp home; with <paramref name="home"/>, a node on an existing home (a restart), which is kept.</summary>
    public TestNode(string? home = null)
    {
        _ownsHome = home is null;
        Home = home ?? Directory.CreateTempSubdirectory("edgenode-test-").FullName;
        Output = new BufferOutputSink();
        Node = NodeComposition.Create(new NodeOptions { Home = Home, LocalIp = "127.0.0.1", Console = Output });
    }

    public string Home { get; }
    public Node Node { get; }
    public BufferOutputSink Output { get; }

    public Task<CommandResult> RunAsync(string line) =>
        Node.Dispatcher.ExecuteAsync(line, CommandSource.Cli, Output, null, TestContext.Current.CancellationToken);

    /// <summary>Runs <paramref name="text"/> as a script file (<c>process path</c>), which must succeed; returns what it printed.</summary>
    public async Task<string> RunScriptAsync(string text)
    {
        var path = Path.Combine(Home, $"script-{Guid.NewGuid():N}.al");
        await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        var before = Output.ToString().Length;
        var result = await RunAsync($"process {path}");
        Assert.False(result.IsError, result.ErrorLine);
        return Output.ToString()[before..];
    }

    /// <summary>Runs a command that must succeed and returns its output.</summary>
    public async Task<string> OkAsync(string line)
    {
        var result = await RunAsync(line);
        Assert.False(result.IsError, $"'{line}' failed: {result.ErrorLine}");
        return result.Text;
    }

    public string? Var(string key) => Node.Dictionary.Get(key);

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        if (!_ownsHome) return;
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // a process may still hold a file for a moment; the temp dir is cleaned by the OS eventually
        }
    }
}
