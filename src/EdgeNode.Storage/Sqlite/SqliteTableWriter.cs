using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// Rows of one physical table in a load: collected in batches and written with one multi-row INSERT per batch (SQLite
/// opens the table and index cursors once per statement, so this is markedly faster than a statement per row); the
/// last partial batch is written row by row at <see cref="Flush"/>.
/// </summary>
internal sealed class SqliteTableWriter : IDisposable
{
    /// <summary>Bound parameters per statement stay under 999, the limit of older SQLite builds.</summary>
    private const int MaxParameters = 999;
    private const int MaxBatch = 64;

    private readonly SqliteRowInsert _batch;
    private readonly SqliteRowInsert _single;
    private readonly RowBuffer[] _pending;
    private int _count;

    public SqliteTableWriter(SqliteConnection connection, string table, IReadOnlyList<ColumnSchema> columns)
    {
        var batch = Math.Clamp(MaxParameters / Math.Max(1, columns.Count), 1, MaxBatch);
        _single = new SqliteRowInsert(connection, table, columns, 1);
        _batch = batch > 1 ? new SqliteRowInsert(connection, table, columns, batch) : _single;
        _pending = new RowBuffer[batch];
        for (var i = 0; i < batch; i++) _pending[i] = new RowBuffer(columns.Count);
    }

    public void Write(RowBuffer row)
    {
        row.CopyTo(_pending[_count++]);
        if (_count < _pending.Length) return;
        for (var i = 0; i < _count; i++) _batch.Bind(i, _pending[i]);
        _batch.Execute();
        _count = 0;
    }

    /// <summary>Writes the rows of an incomplete batch (before a commit or a statement that must see them).</summary>
    public void Flush()
    {
        for (var i = 0; i < _count; i++)
        {
            _single.Bind(0, _pending[i]);
            _single.Execute();
        }
        _count = 0;
    }

    public void Dispose()
    {
        _single.Dispose();
        if (!ReferenceEquals(_batch, _single)) _batch.Dispose();
    }
}
