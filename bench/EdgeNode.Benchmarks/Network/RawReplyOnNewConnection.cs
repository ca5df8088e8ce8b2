using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EdgeNode.Benchmarks.Network;

/// <summary>
/// The baseline for a peer command round trip: the same connection pattern as the AnyLog protocol with nothing else.
/// The client connects to the server, writes one 2048-byte block and closes; the server reads it, connects back to
/// the client's listener, writes one block and closes; the client's listener reads it and completes the call.
/// No header parsing, no command, no job table. The first 4 bytes carry the call number.
/// </summary>
internal sealed class RawReplyOnNewConnection : IAsyncDisposable
{
    private const int Block = 2048;

    private readonly Socket _server = Listen();
    private readonly Socket _client = Listen();
    private readonly EndPoint _serverEndPoint;
    private readonly EndPoint _clientEndPoint;
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly Task _receiving;
    private int _next;

    public RawReplyOnNewConnection()
    {
        _serverEndPoint = _server.LocalEndPoint!;
        _clientEndPoint = _client.LocalEndPoint!;
        _serving = AcceptAsync(_server, ServeAsync);
        _receiving = AcceptAsync(_client, ReceiveReplyAsync);
    }

    public async Task RoundTripAsync()
    {
        var call = Interlocked.Increment(ref _next);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[call] = done;
        await SendBlockAsync(_serverEndPoint, call);
        await done.Task;
    }

    private static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(512);
        return socket;
    }

    private static async Task SendBlockAsync(EndPoint to, int call)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(to);
        var block = ArrayPool<byte>.Shared.Rent(Block);
        BitConverter.TryWriteBytes(block, call);
        await socket.SendAsync(block.AsMemory(0, Block), SocketFlags.None);
        ArrayPool<byte>.Shared.Return(block);
        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task<int> ReadBlockAsync(Socket socket)
    {
        var block = ArrayPool<byte>.Shared.Rent(Block);
        try
        {
            var read = 0;
            while (read < Block)
            {
                var n = await socket.ReceiveAsync(block.AsMemory(read, Block - read), SocketFlags.None);
                if (n == 0) throw new IOException("closed early");
                read += n;
            }
            return BitConverter.ToInt32(block);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private async Task ServeAsync(Socket connection) => await SendBlockAsync(_clientEndPoint, await ReadBlockAsync(connection));

    private async Task ReceiveReplyAsync(Socket connection)
    {
        var call = await ReadBlockAsync(connection);
        if (_waiting.TryRemove(call, out var done)) done.SetResult();
    }

    private async Task AcceptAsync(Socket listener, Func<Socket, Task> handle)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync(_stop.Token);
                handlers.Add(Task.Run(async () =>
                {
                    using (connection) await handle(connection);
                }));
                handlers.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(handlers);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_serving, _receiving);
        _server.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }
}
