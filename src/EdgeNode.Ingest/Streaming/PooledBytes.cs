using System.Buffers;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// Bytes appended into an array rented from the pool <paramref name="pools"/> gives at that moment (rented at the first
/// write, returned to the same pool on dispose). A streaming buffer fills to its volume threshold (1 MB and more): a new
/// array per flush was on the large object heap, so each flush cost a full collection, and every table kept its last one
/// for good. Only a held array keeps its pool: an idle buffer must not keep a pool the node has since dropped (at a memory
/// trim) alive with the arrays returned to it.
/// </summary>
internal sealed class PooledBytes(int initialCapacity, Func<ArrayPool<byte>> pools) : IDisposable
{
    private byte[] _array = [];
    private ArrayPool<byte>? _pool;

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, WrittenCount);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (WrittenCount + bytes.Length > _array.Length) Grow(WrittenCount + bytes.Length);
        bytes.CopyTo(_array.AsSpan(WrittenCount));
        WrittenCount += bytes.Length;
    }

    /// <summary>Appends the rest of <paramref name="input"/>, growing by <paramref name="expectedLength"/> at first (the file's size).</summary>
    public void WriteFrom(Stream input, long expectedLength)
    {
        if (WrittenCount + expectedLength > _array.Length) Grow((int)Math.Min(Array.MaxLength, WrittenCount + Math.Max(expectedLength, 1)));
        while (true)
        {
            if (WrittenCount == _array.Length) Grow(WrittenCount + 1);
            var read = input.Read(_array, WrittenCount, _array.Length - WrittenCount);
            if (read == 0) return;
            WrittenCount += read;
        }
    }

    private void Grow(int needed)
    {
        var pool = pools();
        var larger = pool.Rent(Math.Max(needed, Math.Max(initialCapacity, _array.Length * 2)));
        WrittenSpan.CopyTo(larger);
        if (_array.Length > 0) _pool!.Return(_array);
        (_array, _pool) = (larger, pool);
    }

    public void Dispose()
    {
        var (array, pool) = (_array, _pool);
        (_array, _pool) = ([], null);
        WrittenCount = 0;
        if (array.Length > 0) pool!.Return(array);
    }
}
