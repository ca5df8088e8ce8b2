using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A SQLite bulk load: one IMMEDIATE transaction; per physical table one prepared single-row INSERT whose parameters
/// are rebound for each row (SQLite's fastest path: no SQL parsing per row, one fsync at commit).
/// </summary>
internal sealed class SqliteLoadSession(SqliteConnection connection, SqliteTransaction transaction, SqliteEngine engine) : LoadSession
{
    private readonly Dictionary<string, (SqliteCommand Command, SqliteParameter[] Parameters)> _inserts = new(StringComparer.Ordinal);
    private string? _lastTable;
    private (SqliteCommand Command, SqliteParameter[] Parameters) _last;
    private bool _done;

    public override ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row, CancellationToken cancellation)
    {
        if (!ReferenceEquals(table, _lastTable))
        {
            if (!_inserts.TryGetValue(table, out _last)) _inserts[table] = _last = Prepare(table, columns);
            _lastTable = table;
        }
        var parameters = _last.Parameters;
        for (var i = 0; i < parameters.Length; i++) parameters[i].Value = SqliteValues.Of(row, i);
        _last.Command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    private (SqliteCommand, SqliteParameter[]) Prepare(string table, IReadOnlyList<ColumnSchema> columns)
    {
        var dialect = SqliteDialect.Instance;
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) " +
                              $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++) parameters[i] = command.Parameters.Add(new SqliteParameter("$p" + i, DBNull.Value));
        command.Prepare();
        return (command, parameters);
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
        foreach (var (command, _) in _inserts.Values) await command.DisposeAsync();
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
    }
}
