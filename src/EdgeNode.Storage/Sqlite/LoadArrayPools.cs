using System.Buffers;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// The arrays SQLite loads encode their rows in (<see cref="EncodedRows"/>, whole files of them): pools of their own,
/// replaced by empty ones when the node trims its memory. The shared <see cref="ArrayPool{T}"/> kept them in per-thread
/// caches for a minute or more after a burst (tens of MB after a million rows).
/// </summary>
internal static class LoadArrayPools
{
    private const int MaxArrayLength = 16 * 1024 * 1024;
    private const int ArraysPerBucket = 4;

    private static Pools _current = new();

    /// <summary>The pools new loads rent from; a load returns its arrays to the pools it rented them from.</summary>
    public static Pools Current => Volatile.Read(ref _current);

    /// <summary>Lets the pooled arrays go (the memory trimmer calls it).</summary>
    public static void Drop() => Volatile.Write(ref _current, new Pools());

    internal sealed class Pools
    {
        public ArrayPool<EncodedRows.Cell> Cells { get; } = ArrayPool<EncodedRows.Cell>.Create(MaxArrayLength, ArraysPerBucket);
        public ArrayPool<long> Words { get; } = ArrayPool<long>.Create(MaxArrayLength, ArraysPerBucket);
        public ArrayPool<byte> Text { get; } = ArrayPool<byte>.Create(MaxArrayLength, ArraysPerBucket);
    }
}
