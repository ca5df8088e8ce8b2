namespace EdgeNode.Network.Rest;

/// <summary>
/// Bounds the request bytes held in memory by all calls together. Bodies are read before a call waits for a pool slot (so
/// a slow upload holds no slot); without this bound, many large uploads at once could exhaust memory.
/// </summary>
internal sealed class RestBodyBudget(long capacity)
{
    private long _used;

    public long Capacity => capacity;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= capacity) return true;
        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
