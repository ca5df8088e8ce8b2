namespace EdgeNode.Core.Storage;

/// <summary>
/// A connected logical DBMS (SQLite file or PostgreSQL database). Table operations take the logical table name and
/// cover its partitions: a query reads every partition, a load routes rows to them, a schema change applies to all.
/// Statements take positional parameters written <c>@p0, @p1 ...</c> in the SQL. Failures throw
/// <see cref="StorageException"/> with an error code.
/// </summary>
public interface IDbms : IAsyncDisposable
{
    string Name { get; }

    DbmsEngine Engine { get; }

    ISqlDialect Dialect { get; }

    DbmsDescription Description { get; }

    /// <summary>Every table in the database, partitions included, sorted by name.</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellation = default);

    /// <summary>Columns of a table (logical or physical), or null when the table does not exist.</summary>
    Task<TableSchema?> GetSchemaAsync(string table, CancellationToken cancellation = default);

    /// <summary>Secondary indexes of a table (what <c>CREATE INDEX</c> made), by name.</summary>
    Task<IReadOnlyList<IndexSchema>> GetIndexesAsync(string table, CancellationToken cancellation = default);

    /// <summary>
    /// The table's DDL with its indexes in the PostgreSQL form of a <c>table</c> policy's <c>create</c>
    /// (<see cref="TableDdl"/>), e.g. to publish a policy for a table that exists only locally; null when it does not exist.
    /// </summary>
    Task<string?> GetCreateStatementAsync(string table, CancellationToken cancellation = default);

    /// <summary>Physical partition tables of a logical table, oldest interval first (empty when not partitioned).</summary>
    Task<IReadOnlyList<string>> ListPartitionsAsync(string table, CancellationToken cancellation = default);

    /// <summary>Runs DDL (one or more statements separated by <c>;</c>), translated to this engine (<see cref="ISqlDialect.TranslateDdl"/>).</summary>
    Task CreateTableAsync(string ddl, CancellationToken cancellation = default);

    /// <summary>Adds a column to the table and every partition; false when it already exists.</summary>
    Task<bool> AddColumnAsync(string table, string column, ColumnType type, int? length = null, CancellationToken cancellation = default);

    /// <summary>Changes a column to a wider type (schema drift) in the table and every partition; false when not needed.</summary>
    Task<bool> WidenColumnAsync(string table, string column, ColumnType type, int? length = null, CancellationToken cancellation = default);

    /// <summary>Drops the table and its partitions; false when it did not exist.</summary>
    Task<bool> DropTableAsync(string table, CancellationToken cancellation = default);

    /// <summary>Runs a statement (DDL or DML) as written, no partition expansion; returns rows affected.</summary>
    Task<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellation = default);

    /// <summary>Runs a query; references to partitioned tables read every partition.</summary>
    Task<IQueryReader> QueryAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellation = default);

    /// <summary>Rows of a table and its partitions.</summary>
    Task<long> CountRowsAsync(string table, CancellationToken cancellation = default);

    /// <summary>Starts a bulk load of <paramref name="columns"/> into a logical table (see <see cref="IBulkLoad"/>).</summary>
    Task<IBulkLoad> BeginLoadAsync(string table, IReadOnlyList<string> columns, BulkLoadOptions? options = null,
        CancellationToken cancellation = default);

    /// <summary>Deletes the rows a file load wrote (<c>tsd_name</c>, <c>tsd_id</c>) from the table and its partitions.</summary>
    Task<long> DeleteTsdRowsAsync(string table, string tsdName, long tsdId, CancellationToken cancellation = default);

    /// <summary>Partition definitions declared on this DBMS (<c>partition</c> command), table name or <c>*</c>.</summary>
    IReadOnlyList<PartitionDefinition> Partitioning { get; }

    /// <summary>Declares (or replaces) how a table, or <c>*</c> for all tables, is partitioned.</summary>
    void SetPartitioning(PartitionDefinition definition);

    /// <summary>The definition that applies to a table (its own, else <c>*</c>), or null.</summary>
    PartitionDefinition? PartitioningOf(string table);

    /// <summary>Drops the oldest partitions of a table, keeping the newest <paramref name="keep"/> (at least the active one).</summary>
    Task<IReadOnlyList<string>> DropPartitionsAsync(string table, int keep, CancellationToken cancellation = default);
}
