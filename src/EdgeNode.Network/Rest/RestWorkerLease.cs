namespace EdgeNode.Network.Rest;

/// <summary>A slot of the <see cref="RestWorkerPool"/> held while a call executes; the default value holds none.</summary>
internal readonly struct RestWorkerLease(RestWorkerPool pool, int slot) : IDisposable
{
    public bool Acquired => pool is not null;

    public void Dispose() => pool?.Release(slot);
}
