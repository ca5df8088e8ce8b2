namespace EdgeNode.Core.Commands;

/// <summary>
/// Take and put on a range of slots of an array, lock-free: the storage of the dispatcher's small pools
/// (<see cref="TokenArrayPool"/>, <see cref="CommandContext"/>). An item is taken by exactly one caller; a put into a
/// full range drops the item (the collector takes it, as without a pool).
/// </summary>
internal static class PoolSlots
{
    public static T? Take<T>(T?[] slots, int first, int count) where T : class
    {
        for (var i = first; i < first + count; i++)
            if (Volatile.Read(ref slots[i]) is not null && Interlocked.Exchange(ref slots[i], null) is { } item) return item;
        return null;
    }

    public static void Put<T>(T?[] slots, int first, int count, T item) where T : class
    {
        for (var i = first; i < first + count; i++)
            if (Interlocked.CompareExchange(ref slots[i], item, null) is null) return;
    }
}
