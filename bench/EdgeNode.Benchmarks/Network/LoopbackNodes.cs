using System.Net;
using System.Net.Sockets;
using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.Benchmarks.Network;

/// <summary>Nodes built as the executable builds them, in temp homes, with their TCP server on a free 127.0.0.1 port.</summary>
internal sealed class LoopbackNodes : IAsyncDisposable
{
    private readonly List<(Node Node, string Home)> _nodes = [];

    public async Task<(Node Node, string Address)> StartAsync(string name)
    {
        var home = Directory.CreateTempSubdirectory("edgenode-bench-").FullName;
        var node = NodeComposition.Create(new NodeOptions { Home = home, LocalIp = "127.0.0.1" });
        _nodes.Add((node, home));
        await RunAsync(node, $"set node name {name}");
        await RunAsync(node, "create work directories");
        var port = FreePort();
        await RunAsync(node, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        return (node, $"127.0.0.1:{port}");
    }

    public static async Task<string> RunAsync(Node node, string line)
    {
        var result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Rest);
        if (result.IsError) throw new InvalidOperationException($"'{line}' failed: {result.ErrorLine}");
        return result.Text;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (node, home) in _nodes)
        {
            await node.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }
}
