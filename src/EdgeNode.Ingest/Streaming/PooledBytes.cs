using System.Buffers;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// Bytes appended into an array rented from <paramref name="pool"/> (rented at the first write, returned to the same pool
/// on dispose). A streaming buffer fills to its volume threshold (1 MB and more): a new array per flush was on the large
/// object heap, so each flush cost a full collection, and every table kept its last one for good.
/// </summary>
internal sealed class PooledBytes(int initialCapacity, ArrayPool<byte> pool) : IDisposable
{
    private byte[] _array = [];

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, WrittenCount);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (WrittenCount + bytes.Length > _array.Length) Grow(WrittenCount + bytes.Length);
        bytes.CopyTo(_array.AsSpan(WrittenCount));
        WrittenCount += bytes.Length;
    }

    private void Grow(int needed)
    {
        var larger = pool.Rent(Math.Max(needed, Math.Max(initialCapacity, _array.Length * 2)));
        WrittenSpan.CopyTo(larger);
        if (_array.Length > 0) pool.Return(_array);
        _array = larger;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        WrittenCount = 0;
        if (array.Length > 0) pool.Return(array);
    }
}
