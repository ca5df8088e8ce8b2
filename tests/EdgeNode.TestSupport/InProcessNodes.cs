using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.TestSupport;

/// <summary>
/// Real nodes in-process, built as the executable builds them, each in its own temp home with its TCP server on
/// 127.0.0.1; disposing stops them and deletes their homes. The networks of the tests and benchmarks are made of them.
/// </summary>
public sealed class InProcessNodes : IAsyncDisposable
{
    private readonly List<(Node Node, string Home)> _nodes = [];

    public IEnumerable<Node> All => _nodes.Select(n => n.Node);

    /// <summary>A named node whose TCP server listens on <paramref name="port"/>; returns it and its address.</summary>
    public async Task<(Node Node, string Address)> AddAsync(string name, IOutputSink? console, int port, CancellationToken cancellation = default)
    {
        var home = Directory.CreateTempSubdirectory($"edgenode-{name}-").FullName;
        var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1", Console = console });
        _nodes.Add((node, home));
        await RunAsync(node, $"set node name {name}", cancellation);
        await RunAsync(node, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true", cancellation);
        return (node, $"127.0.0.1:{port}");
    }

    /// <summary>Runs a command that must succeed and returns its output.</summary>
    public static async Task<string> RunAsync(Node node, string line, CancellationToken cancellation = default)
    {
        var result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Cli, null, null, cancellation);
        if (result.IsError) throw new InvalidOperationException($"'{line}' failed on {node.Name}: {result.ErrorLine}");
        return result.Text;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (node, home) in _nodes)
        {
            await node.DisposeAsync();
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
                // released late; the OS cleans temp space
            }
        }
    }
}
