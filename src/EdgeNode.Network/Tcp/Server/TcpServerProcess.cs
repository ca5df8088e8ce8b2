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
/// sender's kernel only a second later, so the backlog matches the workers' queue instead. A connection gets a worker
/// only once its first block arrived, within <see cref="FirstBlockTimeout"/> (or the idle timeout when shorter): silent connections (a scan, an attack)
/// wait outside the pool, at most <see cref="MaxWaitingConnections"/> of them, and cannot hold the peer port.
/// </summary>
internal sealed class TcpServerProcess(Node node, TcpServerOptions options, ConnectionHandler handler, ReplyIpSetting replyIp)
    : NodeProcess(node.Log), IListenerProcess
{
    public const int Backlog = WorkerPool.QueueCapacity;

    /// <summary>How long a new connection may stay silent before its first block: a real peer sends it at once.</summary>
    public static readonly TimeSpan FirstBlockTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Connections waiting for their first block at once; a connection beyond them is closed at once.</summary>
    public const int MaxWaitingConnections = 1024;

    private Socket? _listener;
    private WorkerPool? _pool;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Task> _waiting = new();
    private long _nextWaiting;
    private long _refused;

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
                Wait(connection, pool, stopping);
            }
        }
        finally
        {
            await Task.WhenAll(_waiting.Values);
            await pool.StopAsync();
        }
    }

    /// <summary>Starts waiting for the connection's first block, or closes it when too many connections wait already.</summary>
    private void Wait(Socket socket, WorkerPool pool, CancellationToken stopping)
    {
        if (_waiting.Count < MaxWaitingConnections)
        {
            var id = ++_nextWaiting; // the accept loop is the only caller
            var task = FirstBlockAsync(id, socket, pool, stopping);
            _waiting[id] = task;
            if (task.IsCompleted) _waiting.TryRemove(id, out _); // done before it was added: its own removal came first
            return;
        }
        socket.Dispose();
        var refused = Interlocked.Increment(ref _refused);
        if (refused == 1 || refused % 1000 == 0)
            Log.Error($"TCP server: {MaxWaitingConnections} connections are silent; {refused} new connections were closed at once");
    }

    /// <summary>Reads the connection's first block outside the pool, then queues it for a worker.</summary>
    private async Task FirstBlockAsync(long id, Socket socket, WorkerPool pool, CancellationToken stopping)
    {
        await Task.Yield(); // the accept loop goes on at once
        var connection = new PeerConnection(socket, options.IdleTimeout, stopping);
        var queued = false;
        try
        {
            // the node's own idle timeout when it is shorter ('run tcp server where timeout = 1')
            var wait = options.IdleTimeout < FirstBlockTimeout ? options.IdleTimeout : FirstBlockTimeout;
            if (!await connection.ReadFirstBlockAsync(wait)) return; // connected and closed without a message (a port probe)
            await pool.QueueAsync(connection, stopping);
            queued = true;
        }
        catch (ProtocolException e)
        {
            Log.Error($"TCP message from {connection.SenderIp} rejected: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            Log.Error($"TCP connection from {connection.SenderIp} failed: {e.Message}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the server stops
        }
        finally
        {
            if (!queued) await connection.DisposeAsync();
            _waiting.TryRemove(id, out _);
        }
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        _listener?.Dispose();
        handler.ServerStopped();
        return Task.CompletedTask;
    }
}
