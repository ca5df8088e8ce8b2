using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Loading;

/// <summary>
/// The engine side of a bulk load: one connection and one transaction; rows are written to physical tables (SQLite:
/// a prepared INSERT per table, the database's one writer taken late; PostgreSQL: a binary COPY, switched when the
/// target changes). Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal abstract class LoadSession : IAsyncDisposable
{
    public abstract ValueTask WriteRowAsync(string table, IReadOnlyList<ColumnSchema> columns, RowBuffer row,
        CancellationToken cancellation);

    /// <summary>
    /// Takes what the load needs to write before it takes other locks (an engine that takes its writer late: SQLite), so
    /// that two loads never wait for each other's locks in opposite orders (partition DDL).
    /// </summary>
    public virtual ValueTask LockAsync(CancellationToken cancellation) => ValueTask.CompletedTask;

    public abstract ValueTask<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellation);

    /// <summary>Creates a table (a partition) so it is usable by this load; safe when it already exists.</summary>
    public abstract ValueTask EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation);

    public abstract ValueTask CommitAsync(CancellationToken cancellation);

    public abstract ValueTask DisposeAsync();
}
