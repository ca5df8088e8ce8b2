using System.Threading.Channels;
using EdgeNode.Core;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// The TCP server's workers (<c>threads</c>, default 6): each serves one connection at a time, so at most that many
/// messages are handled at once. The accept loop takes connections at once and queues them (bounded) for the workers,
/// so that a burst of replies from many peers waits here instead of overflowing the kernel's small listen backlog.
/// Connections come here with their first block read (<see cref="TcpServerProcess"/>): a silent one never takes a worker.
/// Tracks which workers are busy and how many messages were served for <c>get tcp pool</c>.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>Accepted connections waiting for a worker; beyond this the accept loop waits and the backlog fills.</summary>
    public const int QueueCapacity = 1024;

    private readonly Channel<PeerConnection> _queue = Channel.CreateBounded<PeerConnection>(
        new BoundedChannelOptions(QueueCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly int[] _busy;
    private readonly Task[] _workers;
    private long _handled;

    private readonly NodeLog _log;

    public WorkerPool(int size, Func<PeerConnection, Task> serve, NodeLog log, CancellationToken stopping)
    {
        _log = log;
        Size = size;
        _busy = new int[size];
        _workers = new Task[size];
        for (var i = 0; i < size; i++)
        {
            var worker = i;
            _workers[i] = Task.Run(() => WorkAsync(worker, serve, stopping), CancellationToken.None);
        }
    }

    public int Size { get; }

    /// <summary>Messages served since the server started.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Queues an accepted connection; waits while the queue is full.</summary>
    public ValueTask QueueAsync(PeerConnection connection, CancellationToken cancellation) => _queue.Writer.WriteAsync(connection, cancellation);

    private async Task WorkAsync(int worker, Func<PeerConnection, Task> serve, CancellationToken stopping)
    {
        try
        {
            await foreach (var connection in _queue.Reader.ReadAllAsync(stopping))
            {
                Volatile.Write(ref _busy[worker], 1);
                try
                {
                    await serve(connection);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // a bug in serving one message must not cost the node a worker
                    _log.Error($"TCP worker {worker} failed on a message: {e}");
                }
                finally
                {
                    Interlocked.Increment(ref _handled);
                    Volatile.Write(ref _busy[worker], 0);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the server stops
        }
    }

    /// <summary>Stops taking connections, waits for the workers, and closes connections nobody served.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
        while (_queue.Reader.TryRead(out var connection)) await connection.DisposeAsync();
    }

    /// <summary><c>TCP Pool with 6 threads:</c> padded to 60, busy flags, messages served: EdgeLake's pool line.</summary>
    public string Describe(string name) =>
        $"{name} Pool with {Size} threads:".PadRight(60) + "[" + string.Join(", ", _busy) + $"] ({Handled})";
}
