using System.Collections.Concurrent;
using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// Streaming ingest (SPEC §7), made crash-safe: rows are appended to a per-buffer journal and fsynced (group commit)
/// before the caller is acknowledged, held in memory until the time or volume threshold, then written as a data file
/// <c>&lt;dbms&gt;.&lt;table&gt;.&lt;source&gt;.&lt;hash&gt;.&lt;instructions&gt;.json</c> to the prep dir and moved atomically
/// into the watch dir for the operator. Journals left by a crash are turned into data files on the next start, so an
/// acknowledged row is never lost (EdgeLake loses its RAM buffer).
/// </summary>
public sealed class Streamer
{
    private readonly Node _node;
    private readonly ConcurrentDictionary<BufferKey, StreamBuffer> _buffers = new();
    private readonly ConcurrentDictionary<string, TableStreamingStats> _stats = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly object _recoveryGate = new();
    private string? _recoveredJournalDir;
    private long _segmentCounter = DateTime.UtcNow.Ticks;
    private long _flushedRows;

    public Streamer(Node node) => _node = node;

    /// <summary>A buffer's bytes, in the node's pool for large buffers (dropped when the node trims its memory).</summary>
    private PooledBytes NewBytes(int initialCapacity) => new(initialCapacity, () => _node.Memory.LargeBuffers);

    public StreamingThresholds Thresholds { get; } = new();

    /// <summary>Directories set by <c>run streamer where ...</c>; null means the dictionary's current value.</summary>
    public string? PrepDirOverride { get; set; }
    public string? WatchDirOverride { get; set; }
    public string? ErrDirOverride { get; set; }

    public string PrepDir => PrepDirOverride ?? Dir("prep_dir");
    public string WatchDir => WatchDirOverride ?? Dir("watch_dir");
    public string ErrDir => ErrDirOverride ?? Dir("err_dir");
    public string JournalDir => Path.Combine(PrepDir, ".journal");

    public long FlushedRows => Interlocked.Read(ref _flushedRows);

    public long BufferedRows => _buffers.Values.Sum(b => (long)b.Rows);

    private string Dir(string key) => _node.Dictionary.Get(key) ?? throw new InvalidOperationException($"dictionary key '{key}' is not set");

    /// <summary>Signalled when a buffer passes its volume threshold, so the streamer process flushes without waiting.</summary>
    internal SemaphoreSlim FlushSignal => _flushSignal;

    /// <summary>
    /// Adds rows (UTF-8, one JSON object per line, each line ending in '\n') to the buffer of <paramref name="key"/>.
    /// Returns once the rows are on disk in the journal (and, write-immediate, inserted or left to the buffer's file).
    /// </summary>
    public async ValueTask AddRowsAsync(BufferKey key, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellation)
    {
        EnsureRecovered();
        var alerts = Conditions is { } conditions && conditions.HasConditions(key.Dbms, key.Table) ? conditions : null;
        var buffer = _buffers.GetOrAdd(key, k => new StreamBuffer(k, NewBytes(4096)));
        var immediate = Thresholds.For(key.Dbms, key.Table).WriteImmediate ? ImmediateInserter : null;
        if (alerts is not null && (immediate is not null || alerts.DropsRows(key.Dbms, key.Table)))
        {
            (rows, rowCount) = alerts.Apply(key.Dbms, key.Table, rows, rowCount);
            alerts = null;
            if (rowCount == 0) return;
        }
        if (immediate is not null)
        {
            await AddImmediateAsync(buffer, immediate, rows, rowCount, cancellation);
            return;
        }
        var (segment, target, overVolume) = Append(buffer, rows, rowCount);
        var synced = segment.SyncAsync(target);
        alerts?.Apply(key.Dbms, key.Table, rows, rowCount); // conditions that only alert are tested while the journal syncs
        await synced;
        if (overVolume) _flushSignal.Release();
    }

    /// <summary>
    /// Write-immediate (SPEC §7): journaled first, as every row, then inserted into the table under the buffer
    /// generation's tsd_info entry. A table's first buffer is a normal one (the operator creates the table and its
    /// policies from its file). Adds and flushes of the buffer take turns, so a generation's rows and its file match.
    /// </summary>
    private async ValueTask AddImmediateAsync(StreamBuffer buffer, IImmediateInserter inserter, ReadOnlyMemory<byte> rows, int rowCount,
        CancellationToken cancellation)
    {
        var key = buffer.Key;
        bool overVolume;
        await buffer.FlushGate.WaitAsync(cancellation);
        try
        {
            if (buffer.Immediate is null && buffer.Rows == 0 && inserter.IsReady(key.Dbms, key.Table))
            {
                var now = _node.Time.GetUtcNow().UtcDateTime;
                try
                {
                    buffer.Immediate = new ImmediateGeneration(await inserter.RegisterAsync(key, now, cancellation), inserter.Member, now);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _node.Log.Error($"Streamer: write-immediate for {key.Table2} unavailable ({e.Message}); the rows are buffered");
                }
            }
            var (segment, target, over) = Append(buffer, rows, rowCount);
            overVolume = over;
            await segment.SyncAsync(target);
            if (buffer.Immediate is { } generation)
            {
                if (await inserter.InsertAsync(key, rows, generation.FileId, cancellation))
                    Interlocked.Add(ref StatsOf(key.Dbms, key.Table).ImmediateRows, rowCount);
                else
                    generation.Partial = true;
            }
        }
        finally
        {
            buffer.FlushGate.Release();
        }
        if (overVolume) _flushSignal.Release();
    }

    /// <summary>Appends rows to the buffer and its journal; returns the journal and the offset to sync for them.</summary>
    private (JournalSegment Segment, long Target, bool OverVolume) Append(StreamBuffer buffer, ReadOnlyMemory<byte> rows, int rowCount)
    {
        var key = buffer.Key;
        JournalSegment segment;
        long target;
        bool overVolume;
        lock (buffer.Gate)
        {
            if (buffer.Segments.Count == 0) buffer.Segments.Add(NewSegment(key, buffer.Immediate));
            segment = buffer.Segments[^1];
            target = segment.Append(rows.Span);
            buffer.Data.Write(rows.Span);
            buffer.Rows += rowCount;
            buffer.FirstRowAt ??= _node.Time.GetUtcNow().UtcDateTime;
            overVolume = buffer.Bytes >= Thresholds.For(key.Dbms, key.Table).VolumeBytes;
        }
        var stats = StatsOf(key.Dbms, key.Table);
        Interlocked.Increment(ref stats.StreamingCalls);
        Interlocked.Add(ref stats.StreamingRows, rowCount);
        stats.LastProcess = _node.Time.GetUtcNow().UtcDateTime;
        return (segment, target, overVolume);
    }

    /// <summary>The streaming conditions of the node (Scheduling module), found once it is registered.</summary>
    private IRowConditions? Conditions => _conditions ??= _node.Services.Find<IRowConditions>();
    private IRowConditions? _conditions;

    /// <summary>The running operator's write-immediate side, or null when no operator runs.</summary>
    private IImmediateInserter? ImmediateInserter =>
        _node.Processes.Get<Operator.OperatorProcess>(Core.Processes.ProcessNames.Operator) is { State: Core.Processes.ProcessState.Running } process
            ? process.Immediate
            : null;

    /// <summary>File mode: writes the rows as a data file in the prep dir and moves it into the watch dir. Returns the file hash.</summary>
    public Task<string> WriteFileAsync(BufferKey key, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellation)
    {
        if (Conditions is { } conditions && conditions.HasConditions(key.Dbms, key.Table))
        {
            (rows, rowCount) = conditions.Apply(key.Dbms, key.Table, rows, rowCount);
            if (rowCount == 0) return Task.FromResult("0");
        }
        // each acknowledged PUT is a file of its own, even when another PUT sent the same bytes
        var scope = "put." + Interlocked.Increment(ref _segmentCounter).ToString(CultureInfo.InvariantCulture);
        var hash = WriteDataFile(key, rows.Span, scope);
        var stats = StatsOf(key.Dbms, key.Table);
        Interlocked.Increment(ref stats.PutFiles);
        Interlocked.Add(ref stats.PutRows, rowCount);
        stats.LastProcess = _node.Time.GetUtcNow().UtcDateTime;
        return Task.FromResult(hash);
    }

    /// <summary>Flushes every buffer past its threshold (or all of them with <paramref name="force"/>). Returns the files written.</summary>
    public async Task<int> FlushAsync(bool force, CancellationToken cancellation)
    {
        EnsureRecovered();
        var now = _node.Time.GetUtcNow().UtcDateTime;
        var files = 0;
        foreach (var buffer in _buffers.Values)
        {
            if (!force && !IsDue(buffer, now)) continue;
            if (await FlushBufferAsync(buffer, cancellation)) files++;
        }
        return files;
    }

    private bool IsDue(StreamBuffer buffer, DateTime now)
    {
        var threshold = Thresholds.For(buffer.Key.Dbms, buffer.Key.Table);
        lock (buffer.Gate)
        {
            if (buffer.Rows == 0) return false;
            return buffer.Bytes >= threshold.VolumeBytes
                   || (buffer.FirstRowAt is { } first && (now - first).TotalSeconds >= threshold.TimeSeconds);
        }
    }

    private async Task<bool> FlushBufferAsync(StreamBuffer buffer, CancellationToken cancellation)
    {
        await buffer.FlushGate.WaitAsync(cancellation);
        try
        {
            FlushedBatch batch;
            lock (buffer.Gate)
            {
                if (buffer.Rows == 0) return false;
                batch = new FlushedBatch(buffer.Data, buffer.Rows, [.. buffer.Segments], buffer.Immediate);
                buffer.Data = NewBytes(Math.Max(4096, batch.Data.Length));
                buffer.Rows = 0;
                buffer.FirstRowAt = null;
                buffer.Segments.Clear();
                buffer.Immediate = null;
            }
            // every row of the batch was acknowledged only after its journal sync: let in-flight appends finish theirs
            foreach (var segment in batch.Segments) await segment.SyncAsync(segment.Written);
            try
            {
                WriteBatchFiles(buffer.Key, batch);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Restore(buffer, batch);
                _node.Log.Error($"Streamer: flush of {buffer.Key} failed, rows kept in the buffer and journal: {e.Message}");
                return false;
            }
            foreach (var segment in batch.Segments) segment.DisposeAndDelete();
            batch.Bytes.Dispose();
            Interlocked.Add(ref _flushedRows, batch.Rows);
            return true;
        }
        finally
        {
            buffer.FlushGate.Release();
        }
    }

    /// <summary>Puts a batch whose file could not be written back in front of the rows that arrived meanwhile.</summary>
    private void Restore(StreamBuffer buffer, FlushedBatch batch)
    {
        lock (buffer.Gate)
        {
            var merged = NewBytes(batch.Data.Length + buffer.Bytes);
            merged.Write(batch.Data.Span);
            merged.Write(buffer.Data.WrittenSpan);
            batch.Bytes.Dispose();
            buffer.Data.Dispose();
            buffer.Data = merged;
            buffer.Rows += batch.Rows;
            buffer.FirstRowAt = DateTime.UtcNow;
            buffer.Segments.InsertRange(0, batch.Segments);
            buffer.Immediate ??= batch.Immediate; // adds of an immediate buffer wait for its flush: no newer generation exists
        }
    }

    /// <summary>
    /// The data files of a flushed batch: one per journal it was appended to, each hashed with its journal's name, so that
    /// recovering a journal the flush did not delete yet (a crash in between) gives the same file (the operator loads it
    /// once), while identical rows acknowledged in other journals are other files. A write-immediate generation is one file.
    /// </summary>
    private void WriteBatchFiles(BufferKey key, FlushedBatch batch)
    {
        if (batch.Immediate is not null || batch.Segments.Count == 1)
        {
            WriteDataFile(key, batch.Data.Span, JournalScope(batch.Segments[0].Path), batch.Immediate);
            return;
        }
        var offset = 0;
        foreach (var segment in batch.Segments)
        {
            var length = (int)segment.Written;
            if (length > 0) WriteDataFile(key, batch.Data.Span.Slice(offset, length), JournalScope(segment.Path));
            offset += length;
        }
    }

    private static string JournalScope(string journalPath) => Path.GetFileName(journalPath);

    /// <summary>
    /// Writes rows as a data file into the watch dir, hashed with <paramref name="scope"/> (where the rows come from). A write-immediate generation's file carries its tsd_info entry:
    /// <c>....@.&lt;id&gt;.&lt;date&gt;.json</c> when every row was inserted (the operator only archives it), else this
    /// member's id, so the operator loads the rows replacing those already inserted.
    /// </summary>
    private string WriteDataFile(BufferKey key, ReadOnlySpan<byte> content, string scope, ImmediateGeneration? immediate = null)
    {
        var hash = DataFileName.ComputeHash(key.Dbms, key.Table, content, scope);
        var name = new DataFileName
        {
            Dbms = key.Dbms, Table = key.Table, Source = key.Source, Hash = hash, Instructions = key.Instructions,
            TsdMember = immediate is null ? null : immediate.Partial ? immediate.Member : "@",
            TsdRowId = immediate?.FileId.ToString(CultureInfo.InvariantCulture),
            TsdDate = immediate is null ? null : DataFileName.FormatTsdDate(immediate.Started),
        }.ToString();
        Directory.CreateDirectory(PrepDir);
        Directory.CreateDirectory(WatchDir);
        var prepared = Path.Combine(PrepDir, name);
        DurableFiles.WriteAtomically(prepared, content);
        DurableFiles.MoveInto(prepared, WatchDir);
        return hash;
    }

    /// <summary>A journal file: <c>&lt;key&gt;.&lt;n&gt;.jnl</c>, or <c>&lt;key&gt;.&lt;n&gt;.&lt;generation tag&gt;.jnl</c> for write-immediate rows.</summary>
    private JournalSegment NewSegment(BufferKey key, ImmediateGeneration? immediate)
    {
        Directory.CreateDirectory(JournalDir);
        var id = Interlocked.Increment(ref _segmentCounter).ToString(CultureInfo.InvariantCulture);
        return new JournalSegment(Path.Combine(JournalDir, immediate is null ? $"{key}.{id}.jnl" : $"{key}.{id}.{immediate.JournalTag}.jnl"));
    }

    /// <summary>Turns journals left by a crash into data files, once per journal directory.</summary>
    public void EnsureRecovered()
    {
        var journalDir = JournalDir;
        if (_recoveredJournalDir == journalDir) return;
        lock (_recoveryGate)
        {
            if (_recoveredJournalDir == journalDir) return;
            if (Directory.Exists(journalDir))
            {
                foreach (var path in Directory.EnumerateFiles(journalDir, "*.jnl"))
                    RecoverJournal(path);
            }
            _recoveredJournalDir = journalDir;
        }
    }

    private void RecoverJournal(string path)
    {
        var parts = Path.GetFileName(path).Split('.');
        // write-immediate rows may be in the table already: their file names the generation's entry, to replace them
        var immediate = parts.Length == 7 ? ImmediateGeneration.FromJournalTag(parts[5]) : null;
        if (parts.Length != 6 && immediate is null)
        {
            _node.Log.Error($"Streamer: journal '{path}' has an unexpected name; left in place");
            return;
        }
        var key = new BufferKey(parts[0], parts[1], parts[2], parts[3]);
        var bytes = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1; // an unsynced torn row was never acknowledged
        if (end > 0)
        {
            WriteDataFile(key, bytes.AsSpan(0, end), JournalScope(path), immediate);
            var rows = bytes.AsSpan(0, end).Count((byte)'\n');
            _node.Log.Event($"Streamer: recovered {rows} journaled rows of {key.Table2} into the watch dir");
        }
        File.Delete(path);
    }

    internal TableStreamingStats StatsOf(string dbms, string table) =>
        _stats.GetOrAdd($"{dbms}.{table}", static _ => new TableStreamingStats());

    /// <summary>Per table: bytes and rows buffered, fill of the volume threshold (0..1+) and journal bytes, for the metrics.</summary>
    internal IReadOnlyList<BufferFigures> BufferFigures()
    {
        var figures = new Dictionary<(string, string), BufferFigures>();
        foreach (var buffer in _buffers.Values)
        {
            long bytes, journal = 0;
            int rows;
            lock (buffer.Gate)
            {
                bytes = buffer.Bytes;
                rows = buffer.Rows;
                foreach (var segment in buffer.Segments) journal += segment.Written;
            }
            var key = (buffer.Key.Dbms, buffer.Key.Table);
            var sum = figures.TryGetValue(key, out var known) ? known : new BufferFigures(key.Item1, key.Item2, 0, 0, 0, 0);
            var volume = Thresholds.For(key.Item1, key.Item2).VolumeBytes;
            bytes += sum.Bytes;
            figures[key] = sum with
            {
                Bytes = bytes, Rows = sum.Rows + rows, JournalBytes = sum.JournalBytes + journal, Fill = volume == 0 ? 0 : (double)bytes / volume,
            };
        }
        return [.. figures.Values];
    }

    /// <summary>A snapshot for <c>get streaming</c>.</summary>
    internal IReadOnlyList<StreamingRow> Snapshot()
    {
        var now = _node.Time.GetUtcNow().UtcDateTime;
        var rows = new List<StreamingRow>();
        foreach (var (table, stats) in _stats)
        {
            var dot = table.IndexOf('.', StringComparison.Ordinal);
            var threshold = Thresholds.For(table[..dot], table[(dot + 1)..]);
            int cachedRows = 0, bytes = 0;
            DateTime? first = null;
            foreach (var buffer in _buffers.Values.Where(b => b.Key.Table2 == table))
            {
                lock (buffer.Gate)
                {
                    cachedRows += buffer.Rows;
                    bytes += buffer.Bytes;
                    if (buffer.FirstRowAt is { } at && (first is null || at < first)) first = at;
                }
            }
            var timeLeft = first is null ? threshold.TimeSeconds : Math.Max(0, threshold.TimeSeconds - (long)(now - first.Value).TotalSeconds);
            var fill = threshold.VolumeBytes == 0 ? 0 : Math.Round(bytes * 100.0 / threshold.VolumeBytes, 2);
            rows.Add(new StreamingRow(table, stats.PutFiles, stats.PutRows, stats.StreamingCalls, stats.StreamingRows, cachedRows,
                stats.ImmediateRows, threshold.VolumeBytes / 1024, fill, threshold.TimeSeconds, timeLeft, now - stats.LastProcess));
        }
        return rows;
    }
}
