using System.Text.RegularExpressions;
using System.Data.Common;
using System.Net;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Npgsql;

namespace EdgeNode.Storage.Postgres;

/// <summary>
/// A logical DBMS as a PostgreSQL database of the same name (created when missing), through a pooled
/// <see cref="NpgsqlDataSource"/>. Timestamps are <c>timestamp without time zone</c> holding UTC.
/// </summary>
internal sealed partial class PostgresEngine : SqlEngine
{
    private readonly NpgsqlDataSource _source;
    private readonly string _endpoint;
    private readonly string _database;
    private readonly bool _unlogged;

    private PostgresEngine(NpgsqlDataSource source, string endpoint, string database, bool unlogged)
    {
        _source = source;
        _endpoint = endpoint;
        _database = database;
        _unlogged = unlogged;
    }

    public static async Task<PostgresEngine> OpenAsync(DbmsConnectOptions options, CancellationToken cancellation)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = options.Host,
            Port = options.Port,
            Username = options.User,
            Password = options.Password,
            Database = options.Name,
            Timeout = 10,
            CommandTimeout = 0,
            MaxPoolSize = 32,
            // sessions in UTC: NOW() defaults of table policies then store UTC like every value the node writes
            Timezone = "UTC",
        };
        var source = NpgsqlDataSource.Create(builder);
        try
        {
            try
            {
                await using var probe = await source.OpenConnectionAsync(cancellation);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(builder, cancellation);
            }
            return new PostgresEngine(source, $"{options.Host}:{options.Port}", options.Name, options.Unlogged);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellation)
    {
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {PostgresDialect.Instance.QuoteIdentifier(target.Database!)}";
        try
        {
            await command.ExecuteNonQueryAsync(cancellation);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // created concurrently by another node or connection
        }
    }

    public override ISqlDialect Dialect => PostgresDialect.Instance;

    public override DbmsDescription Describe(string name, bool system) =>
        new("psql", system ? "system" : "user", _endpoint, _unlogged ? "Autocommit On, Unlogged tables" : "Autocommit On",
            $"PostgreSQL database {_database}");

    [GeneratedRegex(@"\bCREATE\s+TABLE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();

    public override string TranslateDdl(string ddl)
    {
        var translated = base.TranslateDdl(ddl);
        return _unlogged ? CreateTable().Replace(translated, "CREATE UNLOGGED TABLE") : translated;
    }

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellation) =>
        await _source.OpenConnectionAsync(cancellation);

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = Command(connection,
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", null);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellation)) tables.Add(reader.GetString(0));
        return tables;
    }

    private const string ColumnsSql = """
        SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
               EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY (i.indkey)),
               a.attidentity <> ''
        FROM pg_attribute a
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = to_regclass(quote_ident(@p0)) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    public override async Task<TableSchema?> GetSchemaAsync(string table, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = Command(connection, ColumnsSql, [table]);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var columns = new List<ColumnSchema>();
        while (await reader.ReadAsync(cancellation))
        {
            var declared = reader.GetString(1);
            var (type, length) = ColumnTypes.Parse(declared);
            var defaultValue = reader.IsDBNull(3) ? null : reader.GetString(3);
            columns.Add(new ColumnSchema(reader.GetString(0), declared, type)
            {
                Length = length,
                NotNull = reader.GetBoolean(2),
                Default = defaultValue,
                PrimaryKey = reader.GetBoolean(4),
                Generated = reader.GetBoolean(5) || defaultValue?.StartsWith("nextval(", StringComparison.Ordinal) == true,
            });
        }
        return columns.Count == 0 ? null : new TableSchema(table, columns);
    }

    private const string IndexesSql = """
        SELECT i.relname::text, ix.indisunique,
               array_to_string(array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
                                     JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n), ',')
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
        WHERE ix.indrelid = to_regclass(quote_ident(@p0)) AND NOT ix.indisprimary
        ORDER BY i.relname
        """;

    public override async Task<IReadOnlyList<IndexSchema>> GetIndexesAsync(string table, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = Command(connection, IndexesSql, [table]);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var indexes = new List<IndexSchema>();
        while (await reader.ReadAsync(cancellation))
            indexes.Add(new IndexSchema(reader.GetString(0), reader.GetString(2).Split(','), reader.GetBoolean(1)));
        return indexes;
    }

    public override Task<IReadOnlyList<string>> PartitionDdlAsync(string table, string partition, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<string>>(
        [
            $"CREATE {(_unlogged ? "UNLOGGED " : "")}TABLE IF NOT EXISTS {Dialect.QuoteIdentifier(partition)} (LIKE {Dialect.QuoteIdentifier(table)} " +
            "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)",
        ]);

    public override async Task WidenColumnAsync(string table, ColumnSchema column, string newType, CancellationToken cancellation)
    {
        var name = Dialect.QuoteIdentifier(column.Name);
        await using var connection = await OpenAsync(cancellation);
        await using var command = Command(connection,
            $"ALTER TABLE {Dialect.QuoteIdentifier(table)} ALTER COLUMN {name} TYPE {newType} USING {name}::{newType}", null);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public override async Task<LoadSession> BeginLoadAsync(CancellationToken cancellation)
    {
        var connection = await _source.OpenConnectionAsync(cancellation);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellation);
            return new PostgresLoadSession(connection, transaction, this);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a table on its own connection (autocommit), tolerating a concurrent creator.</summary>
    public async Task EnsureTableAsync(IReadOnlyList<string> ddl, CancellationToken cancellation)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellation);
        foreach (var statement in ddl)
        {
            await using var command = Command(connection, statement, null);
            try
            {
                await command.ExecuteNonQueryAsync(cancellation);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable
                                                  or PostgresErrorCodes.DuplicateObject)
            {
                // another load created it between our check and our statement
            }
        }
    }

    public override string PrepareQuery(string sql) => SelectLabels.Add(sql);

    public override object ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime t => DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Unspecified),
        DateTimeOffset o => DateTime.SpecifyKind(o.UtcDateTime, DateTimeKind.Unspecified),
        _ => value,
    };

    public override object? ReadValue(DbDataReader reader, int column)
    {
        var value = reader.GetValue(column);
        return value switch
        {
            int i => (long)i,
            short s => (long)s,
            float f => (double)f,
            DateTime t when reader.GetDataTypeName(column) == "date" => DateOnly.FromDateTime(t),
            DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            TimeSpan t when reader.GetDataTypeName(column).StartsWith("time", StringComparison.Ordinal) => TimeOnly.FromTimeSpan(t),
            IPNetwork n => n.ToString(),
            IPAddress a => a.ToString(),
            char c => c.ToString(),
            // char(n) is blank-padded by PostgreSQL; the padding is not part of the value (SQLite stores none)
            string text when reader.GetDataTypeName(column) is "bpchar" || reader.GetDataTypeName(column).StartsWith("character(", StringComparison.Ordinal) =>
                text.TrimEnd(' '),
            string or long or double or decimal or bool or Guid or byte[] or DateOnly or TimeOnly => value,
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public override StorageException? Translate(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } e => new StorageException(ErrorCode.TableNotFound, e.MessageText, e),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => new StorageException(ErrorCode.DuplicateEntry, e.MessageText, e),
        PostgresException e when e.SqlState.StartsWith("22", StringComparison.Ordinal) =>
            new StorageException(ErrorCode.DataTypeMismatch, e.MessageText, e),
        PostgresException e when e.SqlState.StartsWith("42", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal) =>
            new StorageException(ErrorCode.SqlError, e.MessageText, e),
        // connection exceptions (08), shutdown / cannot connect now (57P), insufficient resources such as a full disk (53)
        PostgresException e when e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                 || e.SqlState.StartsWith("53", StringComparison.Ordinal) =>
            new StorageException(ErrorCode.DbmsError, e.MessageText, e) { IsTransient = true },
        PostgresException e => new StorageException(ErrorCode.DbmsError, e.MessageText, e),
        // not a server reply: the server could not be reached or the connection broke
        NpgsqlException e => new StorageException(ErrorCode.DbmsError, e.Message, e) { IsTransient = true },
        InvalidCastException e => new StorageException(ErrorCode.DataTypeMismatch, e.Message, e),
        _ => null,
    };

    public override async ValueTask DisposeAsync() => await _source.DisposeAsync();
}
