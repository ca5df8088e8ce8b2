using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Npgsql;
using NpgsqlTypes;

namespace EdgeNode.Storage.Postgres;

/// <summary>
/// A PostgreSQL bulk load: one transaction, rows streamed with binary COPY into the current physical table; when rows
/// move to another partition the COPY is completed and a new one started (rows of a file are mostly in one interval).
/// Each field is written as the column's exact PostgreSQL type, as binary COPY requires.
/// </summary>
internal sealed class PostgresLoadSession(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresEngine engine) : LoadSession
{
    private NpgsqlBinaryImporter? _copy;
    private string? _copyTable;
    private NpgsqlDbType[] _types = [];
    private bool _done;

    public override async ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row, CancellationToken cancellation)
    {
        if (!ReferenceEquals(table, _copyTable) || _copy is null) await StartCopyAsync(table, columns, cancellation);
        var copy = _copy!;
        await copy.StartRowAsync(cancellation);
        for (var i = 0; i < _types.Length; i++) PostgresValues.Write(copy, row, i, _types[i]);
    }

    private async ValueTask StartCopyAsync(string table, IReadOnlyList<ColumnSchema> columns, CancellationToken cancellation)
    {
        await EndCopyAsync(cancellation);
        var dialect = PostgresDialect.Instance;
        _types = columns.Select(c => PostgresValues.TypeOf(c.DeclaredType)).ToArray();
        _copy = await connection.BeginBinaryImportAsync(
            $"COPY {dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)",
            cancellation);
        _copyTable = table;
    }

    private async ValueTask EndCopyAsync(CancellationToken cancellation)
    {
        if (_copy is null) return;
        await _copy.CompleteAsync(cancellation);
        await _copy.DisposeAsync();
        _copy = null;
        _copyTable = null;
    }

    public override async ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation)
    {
        await EndCopyAsync(cancellation);
        await using var command = engine.Command(connection, sql, parameters, transaction);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public override async ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation) =>
        await engine.EnsureTableAsync(ddl, cancellation);

    public override async ValueTask CommitAsync(CancellationToken cancellation)
    {
        await EndCopyAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        _done = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            try
            {
                await _copy.DisposeAsync(); // without Complete: the COPY is cancelled
            }
            catch (NpgsqlException)
            {
                // the connection broke; the transaction is gone with it
            }
        }
        if (!_done)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // already aborted
            }
        }
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
