using System.Net.Sockets;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Client;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// <c>run tcp server</c>: listens for peer messages (SO_REUSEADDR so a restart does not hit "address in use"), accepts
/// each connection at once and hands it to the worker pool. EdgeLake listens with a backlog of 5; a query node receives
/// the replies of many operators and partitions at once, and a connection the full backlog drops is retried by the
/// sender's kernel only a second later, so the backlog matches the workers' queue instead.
/// </summary>
internal sealed class TcpServerProcess(Node node, TcpServerOptions options, ConnectionHandler handler, ReplyIpSetting replyIp)
    : NodeProcess(node.Log), IListenerProcess
{
    public const int Backlog = WorkerPool.QueueCapacity;

    private Socket? _listener;
    private WorkerPool? _pool;

    public TcpServerOptions Options => options;

    public override string Name => ProcessNames.Tcp;

    public override ShutdownStage Stage => ShutdownStage.Listener;

    public string ExternalAddress => options.External.ToString();

    public string InternalAddress => options.Internal.ToString();

    public string BindAddress => options.BindAddress;

    /// <summary>The address a destination should send its replies to (<c>set reply ip</c> or <c>set self ip</c> replaces its IP).</summary>
    public IpPort ReplyAddressFor(IpPort destination) => replyIp.Apply(ReplyAddress.For(destination, options.External, options.Internal));

    public string DescribePool() => _pool?.Describe("TCP") ?? $"TCP Pool with {options.Threads} threads: not running";

    protected override string DescribeConfiguration() => $"Listening on: {InternalAddress}, Threads Pool: {options.Threads}";

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        var endpoint = options.ListenEndPoint();
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            ListenerSockets.AllowRebindAfterRestart(listener);
            listener.Bind(endpoint);
            listener.Listen(Backlog);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new CommandSyntaxException($"TCP server cannot listen on {endpoint}: {e.Message}", 0, ErrorCode.NetworkNotAvailable);
        }
        _listener = listener;
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var listener = _listener!;
        var pool = new WorkerPool(options.Threads, connection => handler.HandleAsync(connection, this, stopping), Log, stopping);
        _pool = pool;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(stopping);
                }
                catch (Exception e) when (stopping.IsCancellationRequested && e is SocketException or ObjectDisposedException)
                {
                    break; // exit tcp closed the listener under the accept
                }
                catch (SocketException e)
                {
                    // a connection reset before it was accepted, or no file descriptors left: keep serving
                    Log.Error($"TCP server accept failed: {e.Message}");
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stopping);
                    continue;
                }
                try
                {
                    await pool.QueueAsync(connection, stopping);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
        }
        finally
        {
            await pool.StopAsync();
        }
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }
}
