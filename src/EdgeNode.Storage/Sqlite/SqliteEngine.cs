using System.Data.Common;
using System.Text.RegularExpressions;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A logical DBMS in a SQLite file (<c>&lt;dbms_dir&gt;/&lt;name&gt;.dbms</c>) in WAL mode with <c>synchronous = FULL</c>
/// (a committed load survives power loss), or in shared-cache memory kept alive by one open connection.
/// </summary>
internal sealed partial class SqliteEngine : SqlEngine
{
    /// <summary>
    /// The page cache of each connection when <c>connect dbms</c> names none. Connections are pooled (the operator's
    /// threads, queries), so this is paid per connection: 64 MB each held 150+ MB of a node after 1M rows, while the
    /// appends of an ingest touch only the right edge of each B-tree (docs/performance.md, memory budget).
    /// </summary>
    public const int DefaultCacheKb = 4096;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly string _storage;
    private readonly bool _memory;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private SqliteConnection? _keepAlive;

    private SqliteEngine(string connectionString, string storage, bool memory, int cacheKb)
    {
        _connectionString = connectionString;
        _connectionPragmas = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -{cacheKb}; PRAGMA temp_store = MEMORY;";
        _storage = storage;
        _memory = memory;
    }

    public static async Task<SqliteEngine> OpenAsync(DbmsConnectOptions options, CancellationToken cancellation)
    {
        SqliteEngine engine;
        if (options.Memory)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = $"edgenode-{options.Name}-{Guid.NewGuid():N}", Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared,
            };
            engine = new SqliteEngine(builder.ToString(), "MEMORY", memory: true, options.CacheKb ?? DefaultCacheKb);
            engine._keepAlive = (SqliteConnection)await engine.OpenAsync(cancellation);
            return engine;
        }
        Directory.CreateDirectory(options.Directory);
        var path = Path.Combine(options.Directory, options.Name + ".dbms");
        var file = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        engine = new SqliteEngine(file.ToString(), path, memory: false, options.CacheKb ?? DefaultCacheKb);
        await using var connection = await engine.OpenAsync(cancellation);
        await using var wal = connection.CreateCommand();
        // the page size applies only to a file not yet written, and must come before WAL (which fixes it)
        wal.CommandText = (options.PageSize is { } pageSize ? $"PRAGMA page_size = {pageSize}; " : "") + "PRAGMA journal_mode = WAL;";
        await wal.ExecuteNonQueryAsync(cancellation);
        return engine;
    }

    public override ISqlDialect Dialect => SqliteDialect.Instance;

    public override DbmsDescription Describe(string name, bool system) =>
        new("sqlite", system ? "system" : "user", "Local",
            _memory ? "Autocommit On, RAM, Fsync full (after each write)" : "Autocommit On, WAL, Fsync full (after each write)",
            _storage);

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellation);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = Command(connection,
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", null);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellation)) tables.Add(reader.GetString(0));
        return tables;
    }

    public override async Task<TableSchema?> GetSchemaAsync(string table, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        var createSql = await TableSqlAsync(connection, table, cancellation);
        if (createSql is null) return null;
        await using var command = Command(connection, $"PRAGMA table_info({Dialect.QuoteIdentifier(table)})", null);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<(string Name, string Declared, bool NotNull, string? Default, bool Primary)>();
        while (await reader.ReadAsync(cancellation))
            rows.Add((reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt64(3) != 0,
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) > 0));
        var singleKey = rows.Count(r => r.Primary) == 1;
        var columns = rows.Select(r =>
        {
            var (type, length) = ColumnTypes.Parse(r.Declared);
            // a lone INTEGER PRIMARY KEY is the rowid: SQLite assigns it (autoincrement or not) and it is never NULL
            var rowid = r.Primary && singleKey && r.Declared.Equals("integer", StringComparison.OrdinalIgnoreCase);
            return new ColumnSchema(r.Name, DisplayType(r.Declared), type)
            {
                Length = length, NotNull = rowid || r.NotNull, Default = r.Default, PrimaryKey = r.Primary, Generated = rowid,
            };
        }).ToList();
        return new TableSchema(table, columns);
    }

    public override async Task<IReadOnlyList<IndexSchema>> GetIndexesAsync(string table, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        var names = new List<(string Name, bool Unique)>();
        await using (var list = Command(connection, $"PRAGMA index_list({Dialect.QuoteIdentifier(table)})", null))
        await using (var reader = await list.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
                if (reader.GetString(3) == "c") names.Add((reader.GetString(1), reader.GetInt64(2) != 0));
        var indexes = new List<IndexSchema>();
        foreach (var (name, unique) in names.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            await using var info = Command(connection, $"PRAGMA index_info({Dialect.QuoteIdentifier(name)})", null);
            await using var reader = await info.ExecuteReaderAsync(cancellation);
            var columns = new List<(long Rank, string Name)>();
            while (await reader.ReadAsync(cancellation)) columns.Add((reader.GetInt64(0), reader.IsDBNull(2) ? "" : reader.GetString(2)));
            indexes.Add(new IndexSchema(name, columns.OrderBy(c => c.Rank).Select(c => c.Name).ToList(), unique));
        }
        return indexes;
    }

    /// <summary>EdgeLake shows SQLite's <c>timestamp</c> as PostgreSQL does; other declared types lowercased as written.</summary>
    private static string DisplayType(string declared)
    {
        var lower = declared.Trim().ToLowerInvariant();
        return lower is "timestamp" or "datetime" ? "timestamp without time zone" : lower;
    }

    private async Task<string?> TableSqlAsync(DbConnection connection, string table, CancellationToken cancellation,
        DbTransaction? transaction = null)
    {
        await using var command = Command(connection, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = @p0 COLLATE NOCASE", [table],
            transaction);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    [GeneratedRegex(@"^\s*CREATE\s+(?<unique>UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>""[^""]+""|\S+?)\s+ON\s+(?<table>""[^""]+""|[^\s(]+)\s*(?<rest>\(.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateIndex();

    public override async Task<IReadOnlyList<string>> PartitionDdlAsync(string table, string partition, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        var createSql = await TableSqlAsync(connection, table, cancellation)
                        ?? throw new StorageException(ErrorCode.TableNotFound, $"table '{table}' does not exist");
        var open = createSql.IndexOf('(', StringComparison.Ordinal);
        var statements = new List<string> { $"CREATE TABLE IF NOT EXISTS {partition}{createSql[open..]}" };
        await using var command = Command(connection,
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = @p0 COLLATE NOCASE AND sql IS NOT NULL ORDER BY name", [table]);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var match = CreateIndex().Match(reader.GetString(1));
            if (!match.Success) continue;
            var name = match.Groups["name"].Value.Trim('"');
            var indexName = name.StartsWith(table + "_", StringComparison.OrdinalIgnoreCase)
                ? partition + name[table.Length..]
                : partition + "_" + name;
            statements.Add($"CREATE {match.Groups["unique"].Value}INDEX IF NOT EXISTS {indexName} on {partition}{match.Groups["rest"].Value}");
        }
        return statements;
    }

    /// <summary>
    /// SQLite stores any value in any column, so widening changes only the declared type (and with it the affinity of new
    /// values): the column definition in the stored CREATE TABLE is rewritten through <c>writable_schema</c>, the
    /// documented way for schema changes that leave the stored data as it is, and the schema version is bumped so every
    /// connection reloads it.
    /// </summary>
    public override async Task WidenColumnAsync(string table, ColumnSchema column, string newType, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var createSql = await TableSqlAsync(connection, table, cancellation, transaction)
                        ?? throw new StorageException(ErrorCode.TableNotFound, $"table '{table}' does not exist");
        var rewritten = ColumnDefinitions.ReplaceType(createSql, column.Name, newType)
                        ?? throw new StorageException(ErrorCode.SqlError, $"column '{column.Name}' not found in the definition of '{table}'");
        await using (var version = Command(connection, "PRAGMA schema_version", null, transaction))
        {
            var current = Convert.ToInt64(await version.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
            await using var update = Command(connection,
                "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = @p0 WHERE type = 'table' AND name = @p1 COLLATE NOCASE; " +
                $"PRAGMA schema_version = {current + 1}; PRAGMA writable_schema = OFF;", [rewritten, table], transaction);
            await update.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>A load takes the writer only when it must touch the database (<see cref="SqliteLoadSession"/>).</summary>
    public override Task<LoadSession> BeginLoadAsync(CancellationToken cancellation) => Task.FromResult<LoadSession>(new SqliteLoadSession(this));

    /// <summary>
    /// Takes the database's writer for a load and begins its IMMEDIATE transaction; <see cref="EndWrite"/> gives it back.
    /// SQLite has one writer at a time: loads of this node queue here (asynchronously, in order) rather than block
    /// threads in busy waits; BEGIN IMMEDIATE then only waits for writers of other processes.
    /// </summary>
    public async Task<(SqliteConnection Connection, SqliteTransaction Transaction)> BeginWriteAsync(CancellationToken cancellation)
    {
        await _writer.WaitAsync(cancellation);
        SqliteConnection? connection = null;
        try
        {
            connection = (SqliteConnection)await OpenAsync(cancellation);
            return (connection, connection.BeginTransaction(deferred: false));
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            _writer.Release();
            throw;
        }
    }

    /// <summary>The load that took the writer (<see cref="BeginWriteAsync"/>) closed its connection.</summary>
    public void EndWrite() => _writer.Release();

    public override object ToParameter(object? value) => SqliteValues.ToParameter(value);

    /// <summary>Values as stored; integers of a column declared BOOLEAN read as booleans, as PostgreSQL returns them.</summary>
    public override object? ReadValue(DbDataReader reader, int column)
    {
        var value = reader.GetValue(column);
        return value is long l && reader.GetDataTypeName(column).Equals("boolean", StringComparison.OrdinalIgnoreCase) ? l != 0 : value;
    }

    public override StorageException? Translate(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 1 } e when e.Message.Contains("no such table", StringComparison.Ordinal) =>
            new StorageException(ErrorCode.TableNotFound, Clean(e.Message), e),
        SqliteException { SqliteErrorCode: 19 } e when e.Message.Contains("UNIQUE", StringComparison.Ordinal) =>
            new StorageException(ErrorCode.DuplicateEntry, Clean(e.Message), e),
        SqliteException { SqliteErrorCode: 20 } e => new StorageException(ErrorCode.DataTypeMismatch, Clean(e.Message), e),
        SqliteException { SqliteErrorCode: 1 or 19 or 25 } e => new StorageException(ErrorCode.SqlError, Clean(e.Message), e),
        // busy, locked, disk full: the same write can succeed later
        SqliteException { SqliteErrorCode: 5 or 6 or 13 } e => new StorageException(ErrorCode.DbmsError, Clean(e.Message), e) { IsTransient = true },
        SqliteException e => new StorageException(ErrorCode.DbmsError, Clean(e.Message), e),
        InvalidOperationException e when e.Source == "Microsoft.Data.Sqlite" => new StorageException(ErrorCode.SqlError, e.Message, e),
        _ => null,
    };

    /// <summary><c>SQLite Error 1: 'no such table: x'.</c> → <c>no such table: x</c>.</summary>
    private static string Clean(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null) await _keepAlive.DisposeAsync();
        else
        {
            // fold the WAL into the database file so the .dbms file is complete on its own
            try
            {
                await using var connection = await OpenAsync(CancellationToken.None);
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
            }
            catch (SqliteException)
            {
                // another process holds the database; the WAL stays and is replayed on next open
            }
        }
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
