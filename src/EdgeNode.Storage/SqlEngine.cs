using System.Data.Common;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;

namespace EdgeNode.Storage;

/// <summary>
/// What one database engine does for a <see cref="Dbms"/>: connections, catalog queries, DDL to clone a table into a
/// partition, schema changes, bulk-load sessions, value conversions and error translation. <see cref="Dbms"/> holds the
/// logic both engines share (partitions, query expansion, counting, dropping).
/// </summary>
internal abstract class SqlEngine : IAsyncDisposable
{
    public abstract ISqlDialect Dialect { get; }

    public abstract DbmsDescription Describe(string name, bool system);

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellation);

    public abstract Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellation);

    public abstract Task<TableSchema?> GetSchemaAsync(string table, CancellationToken cancellation);

    public abstract Task<IReadOnlyList<IndexSchema>> GetIndexesAsync(string table, CancellationToken cancellation);

    /// <summary>Statements that create <paramref name="partition"/> with the schema and indexes of <paramref name="table"/>.</summary>
    public abstract Task<IReadOnlyList<string>> PartitionDdlAsync(string table, string partition, CancellationToken cancellation);

    /// <summary>Changes the declared type of a column of one physical table.</summary>
    public abstract Task WidenColumnAsync(string table, ColumnSchema column, string newType, CancellationToken cancellation);

    public abstract Task<LoadSession> BeginLoadAsync(CancellationToken cancellation);

    /// <summary>DDL as this connection creates tables (<see cref="ISqlDialect.TranslateDdl"/>, plus connection options).</summary>
    public virtual string TranslateDdl(string ddl) => Dialect.TranslateDdl(ddl);

    /// <summary>Adjusts a query before it runs (PostgreSQL labels expression columns as SQLite does).</summary>
    public virtual string PrepareQuery(string sql) => sql;

    /// <summary>A CLR value as a parameter of this engine (timestamps as text for SQLite, unspecified kind for PostgreSQL).</summary>
    public abstract object ToParameter(object? value);

    /// <summary>A column value read from the engine, normalised to the types <see cref="IQueryReader"/> documents.</summary>
    public abstract object? ReadValue(DbDataReader reader, int column);

    /// <summary>An engine exception as a <see cref="StorageException"/> with a code, or null when it is not the engine's.</summary>
    public abstract StorageException? Translate(Exception exception);

    public abstract ValueTask DisposeAsync();

    public DbCommand Command(DbConnection connection, string sql, IReadOnlyList<object?>? parameters, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        if (parameters is not null)
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = ToParameter(parameters[i]);
                command.Parameters.Add(parameter);
            }
        return command;
    }
}
