using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// Rows of one physical table in a load: encoded as they come (<see cref="EncodedRows"/>, no database needed), then
/// written under the writer with one multi-row INSERT per batch (SQLite opens the table and index cursors once per
/// statement, so this is markedly faster than a statement per row); the last partial batch is written row by row.
/// </summary>
internal sealed class SqliteTableWriter(string table, IReadOnlyList<ColumnSchema> columns) : IDisposable
{
    /// <summary>Bound parameters per statement stay under 999, the limit of older SQLite builds.</summary>
    private const int MaxParameters = 999;
    private const int MaxBatch = 64;

    private readonly EncodedRows _rows = new(columns.Count, LoadArrayPools.Current);
    private readonly int _batchSize = Math.Clamp(MaxParameters / Math.Max(1, columns.Count), 1, MaxBatch);
    private SqliteRowInsert? _batch;
    private SqliteRowInsert? _single;
    private int _written;

    /// <summary>Memory of the rows not written yet.</summary>
    public long PendingBytes => _rows.Bytes;

    /// <summary>Rows not written yet, enough for one batch statement.</summary>
    public bool HasBatch => _rows.Count - _written >= _batchSize;

    public void Add(RowBuffer row) => _rows.Add(row);

    /// <summary>Writes the complete batches waiting, and with <paramref name="all"/> the rest too (before a commit or a statement that must see them).</summary>
    public void Write(SqliteConnection connection, bool all)
    {
        _single ??= new SqliteRowInsert(connection, table, columns, 1);
        _batch ??= _batchSize > 1 ? new SqliteRowInsert(connection, table, columns, _batchSize) : _single;
        while (_rows.Count - _written >= _batchSize)
        {
            for (var i = 0; i < _batchSize; i++) _batch.Bind(i, _rows, _written++);
            _batch.Execute();
        }
        while (all && _written < _rows.Count)
        {
            _single.Bind(0, _rows, _written++);
            _single.Execute();
        }
        if (_written < _rows.Count) return;
        _rows.Clear();
        _written = 0;
    }

    public void Dispose()
    {
        _rows.Dispose();
        _single?.Dispose();
        if (!ReferenceEquals(_batch, _single)) _batch?.Dispose();
    }
}
