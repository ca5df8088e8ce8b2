namespace EdgeNode.Network.Sync;

/// <summary>An exported ledger file: its path, md5 version, policy count, and (when asked for) the file held open to send it.</summary>
internal sealed record LedgerSnapshot(string Path, string Version, int Policies, FileStream? Stream) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Stream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
