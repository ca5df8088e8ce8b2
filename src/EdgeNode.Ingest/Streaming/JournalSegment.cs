using Microsoft.Win32.SafeHandles;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// One append-only journal file holding the rows of one buffer generation. Appends are positional writes to the page
/// cache; <see cref="SyncAsync"/> fsyncs and completes every append made before it started, so concurrent callers share
/// one fsync (group commit) instead of paying one each.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly object _writeGate = new();
    private long _written;
    private long _synced;

    public JournalSegment(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    public long Written => Volatile.Read(ref _written);

    /// <summary>Appends bytes; returns the offset the journal must be synced to for them to be durable.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        lock (_writeGate)
        {
            RandomAccess.Write(_handle, bytes, _written);
            _written += bytes.Length;
            return _written;
        }
    }

    /// <summary>Returns once everything up to <paramref name="target"/> is on disk.</summary>
    public async ValueTask SyncAsync(long target)
    {
        if (Volatile.Read(ref _synced) >= target) return;
        await _syncGate.WaitAsync();
        try
        {
            if (_synced >= target) return;
            var upTo = Written;
            RandomAccess.FlushToDisk(_handle);
            Volatile.Write(ref _synced, upTo);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    // The sync gate is not disposed: a late SyncAsync caller may still take it, then sees its rows synced and returns
    // without touching the closed handle (a flush syncs everything before closing).
    public void Dispose() => _handle.Dispose();

    /// <summary>Deletes the journal file once its rows are safely in a data file.</summary>
    public void DisposeAndDelete()
    {
        Dispose();
        File.Delete(Path);
    }
}
