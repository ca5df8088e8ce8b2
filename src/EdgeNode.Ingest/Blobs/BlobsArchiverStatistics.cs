using EdgeNode.Core.Commands;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// What <c>get blobs archiver</c> shows: the row files processed (EdgeLake's <c>Source JSON</c> row, whose last file is the
/// last that failed, beside its error) and, per table, the blobs stored and rejected with the last blob and the last
/// error. Kept across runs of the archiver, as the operator's statistics are.
/// </summary>
internal sealed class BlobsArchiverStatistics
{
    public const string FilesRow = "Source JSON";

    private readonly object _gate = new();
    private readonly Counter _files = new();
    private readonly SortedDictionary<string, Counter> _tables = new(StringComparer.Ordinal);

    public sealed class Counter
    {
        public long Success { get; set; }
        public long Errors { get; set; }
        public ErrorCode LastError { get; set; }
        public string Last { get; set; } = "";
        public string LastMessage { get; set; } = "";
    }

    public void FileDone(string file) => Count(_files, null, null, "");

    public void FileFailed(string file, ErrorCode code, string message) => Count(_files, file, code, message);

    public void BlobStored(string table, string id) => Count(Table(table), id, null, "");

    public void BlobFailed(string table, string id, ErrorCode code, string message) => Count(Table(table), id, code, message);

    /// <summary>The rows of the report: the files first, then each table by name.</summary>
    public IReadOnlyList<(string Name, Counter Counter)> Snapshot()
    {
        lock (_gate)
            return [(FilesRow, Copy(_files)), .. _tables.Select(t => (t.Key, Copy(t.Value)))];
    }

    private Counter Table(string table)
    {
        lock (_gate)
        {
            if (!_tables.TryGetValue(table, out var counter)) _tables[table] = counter = new Counter();
            return counter;
        }
    }

    private void Count(Counter counter, string? last, ErrorCode? error, string message)
    {
        lock (_gate)
        {
            if (last is not null) counter.Last = last;
            if (error is { } code)
            {
                counter.Errors++;
                counter.LastError = code;
                counter.LastMessage = message;
            }
            else
            {
                counter.Success++;
            }
        }
    }

    private static Counter Copy(Counter counter) => new()
    {
        Success = counter.Success, Errors = counter.Errors, LastError = counter.LastError, Last = counter.Last, LastMessage = counter.LastMessage,
    };
}
