using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A SQLite bulk load: one IMMEDIATE transaction; per physical table a <see cref="SqliteTableWriter"/> (prepared
/// multi-row INSERTs bound through the C API: no SQL parsing or boxing per row); one fsync at commit.
/// </summary>
internal sealed class SqliteLoadSession(SqliteConnection connection, SqliteTransaction transaction, SqliteEngine engine, SemaphoreSlim writer)
    : LoadSession
{
    private readonly Dictionary<string, SqliteTableWriter> _writers = new(StringComparer.Ordinal);
    private string? _lastTable;
    private SqliteTableWriter? _last;
    private bool _done;
    private bool _disposed;

    public override ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row, CancellationToken cancellation)
    {
        if (!ReferenceEquals(table, _lastTable) || _last is null)
        {
            if (!_writers.TryGetValue(table, out _last)) _writers[table] = _last = new SqliteTableWriter(connection, table, columns);
            _lastTable = table;
        }
        _last.Write(row);
        return ValueTask.CompletedTask;
    }

    private void Flush()
    {
        foreach (var writer in _writers.Values) writer.Flush();
    }

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation)
    {
        Flush();
        await using var command = (SqliteCommand)engine.Command(connection, sql, parameters, transaction);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public override async ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation)
    {
        foreach (var statement in ddl) await ExecuteAsync(statement, null, cancellation);
    }

    public override async ValueTask CommitAsync(CancellationToken cancellation)
    {
        Flush();
        await transaction.CommitAsync(cancellation);
        _done = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var writer in _writers.Values) writer.Dispose();
        if (!_done)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (SqliteException)
            {
                // the connection failed; closing it discards the transaction
            }
        }
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        writer.Release();
    }
}
