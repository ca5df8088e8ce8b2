using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// An accepted connection and the reader of its blocks. Its first block is read before a worker takes it
/// (<see cref="ReadFirstBlockAsync"/>), so a connection that stays silent costs no worker.
/// </summary>
internal sealed class PeerConnection : IAsyncDisposable
{
    private static readonly StreamPipeReaderOptions ReaderOptions =
        new(bufferSize: 64 * 1024, minimumReadSize: WireLayout.BlockSize, leaveOpen: true);

    private readonly NetworkStream _stream;
    private byte[]? _firstBlock = ArrayPool<byte>.Shared.Rent(WireLayout.BlockSize);
    private bool _closed;

    public PeerConnection(Socket socket, TimeSpan idleTimeout, CancellationToken stopping)
    {
        Socket = socket;
        socket.NoDelay = true;
        SenderIp = socket.RemoteEndPoint is IPEndPoint remote
            ? (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address).ToString()
            : "unknown";
        _stream = new NetworkStream(socket, ownsSocket: false);
        Blocks = new BlockReader(PipeReader.Create(_stream, ReaderOptions), idleTimeout, stopping);
    }

    public Socket Socket { get; }
    public string SenderIp { get; }
    public BlockReader Blocks { get; }

    /// <summary>The first block, read by <see cref="ReadFirstBlockAsync"/> (the buffer the handler keeps reading blocks into).</summary>
    public byte[] FirstBlock => _firstBlock ?? throw new ObjectDisposedException(nameof(PeerConnection));

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for the first block. False when the connection closed without one (a port
    /// probe); a silent or partial first block throws <see cref="ProtocolException"/>.
    /// </summary>
    public ValueTask<bool> ReadFirstBlockAsync(TimeSpan timeout) => Blocks.ReadAsync(FirstBlock, timeout);

    /// <summary>Closes the connection (the message is read; replies go out on new connections). Safe to call twice.</summary>
    public async ValueTask CloseAsync()
    {
        if (_closed) return;
        _closed = true;
        await Blocks.DisposeAsync();
        await _stream.DisposeAsync();
        Socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        var block = Interlocked.Exchange(ref _firstBlock, null);
        if (block is not null) ArrayPool<byte>.Shared.Return(block);
    }
}
