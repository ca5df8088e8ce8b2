using System.Buffers;
using System.IO.Pipelines;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Reads exactly 2048-byte blocks from a connection's pipe. A sender that stays silent longer than the idle timeout in
/// the middle of a message, or closes the connection inside a block, breaks the protocol.
/// </summary>
internal sealed class BlockReader(PipeReader reader, TimeSpan idleTimeout, CancellationToken stopping) : IAsyncDisposable
{
    private readonly CancellationTokenSource _idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private ReadOnlySequence<byte> _buffer;
    private bool _reading;
    private bool _completed;

    /// <summary>Blocks read so far.</summary>
    public uint Count { get; private set; }

    /// <summary>
    /// Copies the next block into <paramref name="block"/>. Returns false when the sender closed the connection cleanly
    /// between blocks (before the first block: a connection that carried nothing). <paramref name="timeout"/> replaces the
    /// idle timeout for this block (the first block of a connection has a shorter one).
    /// </summary>
    public async ValueTask<bool> ReadAsync(Memory<byte> block, TimeSpan? timeout = null)
    {
        var silence = timeout ?? idleTimeout;
        while (true)
        {
            if (_buffer.Length >= WireLayout.BlockSize)
            {
                _buffer.Slice(0, WireLayout.BlockSize).CopyTo(block.Span);
                _buffer = _buffer.Slice(WireLayout.BlockSize);
                Count++;
                return true;
            }
            if (_completed)
            {
                if (_buffer.Length == 0) return false;
                throw new ProtocolException($"the connection closed inside block {Count + 1} ({_buffer.Length} of {WireLayout.BlockSize} bytes)");
            }
            if (_reading) reader.AdvanceTo(_buffer.Start, _buffer.End);
            _idle.CancelAfter(silence);
            ReadResult result;
            try
            {
                result = await reader.ReadAtLeastAsync(WireLayout.BlockSize, _idle.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                _reading = false;
                throw new ProtocolException($"no data for {silence.TotalSeconds:0.###} seconds inside block {Count + 1}");
            }
            _reading = true;
            _buffer = result.Buffer;
            _completed = result.IsCompleted;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reading) reader.AdvanceTo(_buffer.End);
        await reader.CompleteAsync();
        _idle.Dispose();
    }
}
