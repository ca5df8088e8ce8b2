using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A SQLite bulk load: one IMMEDIATE transaction; per physical table a <see cref="SqliteTableWriter"/> (prepared
/// multi-row INSERTs bound through the C API); one fsync at commit. SQLite has one writer per database, so the load
/// takes it late: rows are converted and encoded (<see cref="EncodedRows"/>) without it, while another load writes, and
/// the writer is taken when the load must touch the database — a statement, the commit, or <see cref="PendingLimit"/>
/// of waiting rows — and kept to the end. Its turn is then spent binding, stepping and committing.
/// </summary>
internal sealed class SqliteLoadSession(SqliteEngine engine) : LoadSession
{
    /// <summary>Rows held back beyond this (about 120,000 rows of 8 columns) are written as they come.</summary>
    private const long PendingLimit = 16 << 20;

    private readonly Dictionary<string, SqliteTableWriter> _writers = new(StringComparer.Ordinal);
    private string? _lastTable;
    private SqliteTableWriter? _last;
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private bool _done;
    private bool _disposed;

    public override ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row, CancellationToken cancellation)
    {
        if (!ReferenceEquals(table, _lastTable) || _last is null)
        {
            if (!_writers.TryGetValue(table, out _last)) _writers[table] = _last = new SqliteTableWriter(table, columns);
            _lastTable = table;
        }
        _last.Add(row);
        if (_connection is not null)
        {
            if (_last.HasBatch) _last.Write(_connection, all: false);
            return ValueTask.CompletedTask;
        }
        return PendingBytes() > PendingLimit ? LockAsync(cancellation) : ValueTask.CompletedTask;
    }

    private long PendingBytes()
    {
        long bytes = 0;
        foreach (var writer in _writers.Values) bytes += writer.PendingBytes;
        return bytes;
    }

    /// <summary>Takes the database's writer and begins the transaction (once), then writes the complete batches waiting.</summary>
    public override async ValueTask LockAsync(CancellationToken cancellation)
    {
        if (_connection is null) (_connection, _transaction) = await engine.BeginWriteAsync(cancellation);
        foreach (var writer in _writers.Values) writer.Write(_connection, all: false);
    }

    private async ValueTask<SqliteConnection> WriteAllAsync(CancellationToken cancellation)
    {
        await LockAsync(cancellation);
        foreach (var writer in _writers.Values) writer.Write(_connection!, all: true);
        return _connection!;
    }

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation)
    {
        var connection = await WriteAllAsync(cancellation);
        await using var command = (SqliteCommand)engine.Command(connection, sql, parameters, _transaction);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public override async ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation)
    {
        foreach (var statement in ddl) await ExecuteAsync(statement, null, cancellation);
    }

    public override async ValueTask CommitAsync(CancellationToken cancellation)
    {
        if (_connection is not null || _writers.Count > 0)
        {
            await WriteAllAsync(cancellation);
            await _transaction!.CommitAsync(cancellation);
        }
        _done = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var writer in _writers.Values) writer.Dispose();
        if (_connection is null) return;
        if (!_done)
        {
            try
            {
                await _transaction!.RollbackAsync();
            }
            catch (SqliteException)
            {
                // the connection failed; closing it discards the transaction
            }
        }
        await _transaction!.DisposeAsync();
        await _connection.DisposeAsync();
        engine.EndWrite();
    }
}
