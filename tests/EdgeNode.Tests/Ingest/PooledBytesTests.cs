using System.Buffers;
using System.Runtime.CompilerServices;
using EdgeNode.Core.Hosting;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Tests.Ingest;

public sealed class PooledBytesTests
{
    [Fact]
    public void Bytes_grow_across_arrays_of_the_pool_and_read_whole_streams()
    {
        var pool = ArrayPool<byte>.Create(1 << 20, 4);
        using var bytes = new PooledBytes(4, () => pool);
        bytes.Write("ab"u8);
        bytes.WriteFrom(new MemoryStream(Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray()), expectedLength: 10);
        bytes.Write("z"u8);

        Assert.Equal(70_003, bytes.WrittenCount);
        Assert.Equal("ab"u8.ToArray(), bytes.WrittenSpan[..2].ToArray());
        Assert.Equal((byte)(69_999 % 256), bytes.WrittenSpan[^2]);
        Assert.Equal((byte)'z', bytes.WrittenSpan[^1]);
    }

    /// <summary>
    /// A streaming buffer of an idle table stays alive with its (empty) bytes: once the node trimmed and dropped the pool,
    /// those bytes must not keep it, and the arrays returned to it, alive (they held ~4 MB after 1M rows).
    /// </summary>
    [Fact]
    public void Disposed_bytes_keep_no_dropped_pool_alive()
    {
        var memory = new MemoryTrimmer(trim: () => { });
        var (bytes, pool) = RentAndReturn(memory);
        memory.Sample(0, DateTimeOffset.UnixEpoch);
        memory.Sample(MemoryTrimmer.BurstBytes, DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.True(memory.Sample(MemoryTrimmer.BurstBytes, DateTimeOffset.UnixEpoch.AddSeconds(2)), "the node trims");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(pool.TryGetTarget(out _), "the dropped pool is still alive");
        GC.KeepAlive(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (PooledBytes Bytes, WeakReference<ArrayPool<byte>> Pool) RentAndReturn(MemoryTrimmer memory)
    {
        var bytes = new PooledBytes(4096, () => memory.LargeBuffers);
        bytes.Write(new byte[100_000]);
        bytes.Dispose();
        return (bytes, new WeakReference<ArrayPool<byte>>(memory.LargeBuffers));
    }
}
