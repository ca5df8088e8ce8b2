using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// One append-only journal file holding the rows of one buffer generation. Appends go to memory; <see cref="SyncAsync"/>
/// writes everything appended so far in one write, fsyncs, and completes every append made before it started, so
/// concurrent callers share one write and one fsync (group commit) instead of paying one each. Nothing is acknowledged
/// before its sync, so rows that were only in memory at a crash were never acknowledged.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly object _writeGate = new();
    private ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private ArrayBufferWriter<byte> _spare = new(16 * 1024);
    private long _written;
    private long _fileLength;
    private long _synced;
    private Task? _running;

    public JournalSegment(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    public string Path { get; }

    /// <summary>Bytes appended so far (written to the file or waiting for the next sync).</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Appends bytes; returns the offset the journal must be synced to for them to be durable.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        lock (_writeGate)
        {
            _pending.Write(bytes);
            _written += bytes.Length;
            return _written;
        }
    }

    /// <summary>Returns once everything up to <paramref name="target"/> is on disk.</summary>
    public async ValueTask SyncAsync(long target)
    {
        while (Volatile.Read(ref _synced) < target)
        {
            Task running;
            lock (_writeGate)
            {
                if (_synced >= target) return;
                // every caller waiting meanwhile shares the sync in progress, then the next one
                running = _running ??= WriteAndSyncAsync();
            }
            await running;
        }
    }

    /// <summary>Writes what was appended so far in one write and fsyncs it; the callers of <see cref="SyncAsync"/> share it.</summary>
    private async Task WriteAndSyncAsync()
    {
        // the write and fsync never run on the appender's thread: a caller that appends in a loop (an MQTT connection's
        // receive loop) keeps appending while they run, and the next sync covers all of that at once
        await Task.Yield();
        await _syncGate.WaitAsync();
        try
        {
            ArrayBufferWriter<byte> batch;
            long offset, upTo;
            lock (_writeGate)
            {
                _running = null; // appends from now on need the next sync
                // a caller may start a sync while the previous one, which already took its bytes, was writing them: once
                // that one is done there is nothing left, and a flush may have closed the file meanwhile
                if (_written == _synced) return;
                batch = _pending;
                _pending = _spare;
                offset = _fileLength;
                upTo = _written;
                _fileLength = upTo;
            }
            try
            {
                RandomAccess.Write(_handle, batch.WrittenSpan, offset);
                RandomAccess.FlushToDisk(_handle);
            }
            catch
            {
                // keep the file without a hole: the batch goes back in front of what was appended meanwhile, and the next
                // sync writes it again at the same offset (its callers see the error and were not acknowledged)
                lock (_writeGate)
                {
                    batch.Write(_pending.WrittenSpan);
                    _pending.ResetWrittenCount();
                    (_pending, batch) = (batch, _pending);
                    _fileLength = offset;
                }
                _spare = batch;
                throw;
            }
            batch.ResetWrittenCount();
            _spare = batch; // only the syncing task (under the gate) touches the spare
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
