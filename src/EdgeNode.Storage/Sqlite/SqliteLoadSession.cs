using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A SQLite bulk load: one IMMEDIATE transaction; per physical table one prepared single-row INSERT whose parameters
/// are rebound for each row (<see cref="SqliteRowInsert"/>: no SQL parsing, no boxing per row, one fsync at commit).
/// </summary>
internal sealed class SqliteLoadSession(SqliteConnection connection, SqliteTransaction transaction, SqliteEngine engine, SemaphoreSlim writer)
    : LoadSession
{
    private readonly Dictionary<string, SqliteRowInsert> _inserts = new(StringComparer.Ordinal);
    private string? _lastTable;
    private SqliteRowInsert? _last;
    private bool _done;
    private bool _disposed;

    public override ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row, CancellationToken cancellation)
    {
        if (!ReferenceEquals(table, _lastTable) || _last is null)
        {
            if (!_inserts.TryGetValue(table, out _last)) _inserts[table] = _last = Prepare(table, columns);
            _lastTable = table;
        }
        _last.Write(row);
        return ValueTask.CompletedTask;
    }

    private SqliteRowInsert Prepare(string table, IReadOnlyList<ColumnSchema> columns)
    {
        var dialect = SqliteDialect.Instance;
        return new SqliteRowInsert(connection,
            $"INSERT INTO {dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))})");
    }

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation)
    {
        await using var command = (SqliteCommand)engine.Command(connection, sql, parameters, transaction);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public override async ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation)
    {
        foreach (var statement in ddl) await ExecuteAsync(statement, null, cancellation);
    }

    public override async ValueTask CommitAsync(CancellationToken cancellation)
    {
        await transaction.CommitAsync(cancellation);
        _done = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var insert in _inserts.Values) insert.Dispose();
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
