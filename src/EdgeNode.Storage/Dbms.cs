using System.Collections.Concurrent;
using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using EdgeNode.Storage.Partitions;

namespace EdgeNode.Storage;

/// <summary>
/// A connected logical DBMS. Engine specifics are in <see cref="SqlEngine"/>; this class holds what both share:
/// partition definitions and routing, queries that read every partition, counting, dropping and schema changes applied
/// to a table and all its partitions. Engine exceptions leave as <see cref="StorageException"/>.
/// </summary>
internal sealed class Dbms : IDbms
{
    /// <summary>Logical DBMS names EdgeLake shows with owner <c>system</c>.</summary>
    private static readonly HashSet<string> SystemNames = new(StringComparer.OrdinalIgnoreCase) { "almgm", "blockchain", "system_query" };

    private readonly SqlEngine _engine;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PartitionDefinition> _partitioning = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _knownPartitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _ddl = new(1, 1);

    public Dbms(string name, DbmsEngine engine, SqlEngine sqlEngine, TimeProvider time)
    {
        Name = name;
        Engine = engine;
        _engine = sqlEngine;
        _time = time;
        Description = sqlEngine.Describe(name, SystemNames.Contains(name));
    }

    public string Name { get; }
    public DbmsEngine Engine { get; }
    public ISqlDialect Dialect => _engine.Dialect;
    public DbmsDescription Description { get; }
    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellation = default) =>
        Guard(() => _engine.ListTablesAsync(cancellation));

    public Task<TableSchema?> GetSchemaAsync(string table, CancellationToken cancellation = default) =>
        Guard(() => _engine.GetSchemaAsync(table.ToLowerInvariant(), cancellation));

    public Task<IReadOnlyList<IndexSchema>> GetIndexesAsync(string table, CancellationToken cancellation = default) =>
        Guard(() => _engine.GetIndexesAsync(table.ToLowerInvariant(), cancellation));

    public async Task<string?> GetCreateStatementAsync(string table, CancellationToken cancellation = default)
    {
        var schema = await GetSchemaAsync(table, cancellation);
        return schema is null ? null : TableDdl.Create(schema, await GetIndexesAsync(table, cancellation));
    }

    public async Task<IReadOnlyList<string>> ListPartitionsAsync(string table, CancellationToken cancellation = default)
    {
        var tables = await ListTablesAsync(cancellation);
        return Partitions(tables, table);
    }

    /// <summary>Partitions of <paramref name="table"/> among <paramref name="tables"/>, oldest interval first.</summary>
    public static IReadOnlyList<string> Partitions(IEnumerable<string> tables, string table) =>
        tables.Select(t => PartitionName.TryParse(t, out var name) && name.Table.Equals(table, StringComparison.OrdinalIgnoreCase) ? name : null)
            .OfType<PartitionName>()
            .OrderBy(p => p.Start).ThenBy(p => p.PhysicalName, StringComparer.Ordinal)
            .Select(p => p.PhysicalName)
            .ToList();

    /// <summary>The table and its partitions (only those that exist).</summary>
    public async Task<IReadOnlyList<string>> PhysicalTablesAsync(string table, CancellationToken cancellation)
    {
        var tables = await ListTablesAsync(cancellation);
        var result = new List<string>();
        if (tables.Contains(table, StringComparer.OrdinalIgnoreCase)) result.Add(table.ToLowerInvariant());
        result.AddRange(Partitions(tables, table));
        return result;
    }

    /// <summary>DDL in the form this connection creates tables (engine spelling, UNLOGGED when asked).</summary>
    public string TranslateDdl(string ddl) => _engine.TranslateDdl(ddl);

    public async Task CreateTableAsync(string ddl, CancellationToken cancellation = default)
    {
        var statements = SqlText.SplitStatements(TranslateDdl(ddl));
        if (statements.Count == 0) throw new StorageException(ErrorCode.SqlError, "no statement given");
        await Guard(async () =>
        {
            await using var connection = await _engine.OpenAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            foreach (var statement in statements)
            {
                await using var command = _engine.Command(connection, statement, null, transaction);
                await command.ExecuteNonQueryAsync(cancellation);
            }
            await transaction.CommitAsync(cancellation);
            return 0;
        });
    }

    public async Task<bool> AddColumnAsync(string table, string column, ColumnType type, int? length = null,
        CancellationToken cancellation = default)
    {
        var schema = await RequireSchemaAsync(table, cancellation);
        if (schema.Find(column) is not null) return false;
        var typeName = Dialect.TypeName(type, length);
        foreach (var physical in await PhysicalTablesAsync(table, cancellation))
        {
            var current = await GetSchemaAsync(physical, cancellation);
            if (current?.Find(column) is not null) continue;
            await ExecuteAsync($"ALTER TABLE {Dialect.QuoteIdentifier(physical)} ADD COLUMN {Dialect.QuoteIdentifier(column.ToLowerInvariant())} {typeName}",
                null, cancellation);
        }
        return true;
    }

    public async Task<bool> WidenColumnAsync(string table, string column, ColumnType type, int? length = null,
        CancellationToken cancellation = default)
    {
        var schema = await RequireSchemaAsync(table, cancellation);
        var existing = schema.Find(column) ?? throw new StorageException(ErrorCode.SqlError,
            $"column '{column}' does not exist in table '{table}' of DBMS '{Name}'");
        var (wider, widerLength) = ColumnTypes.Widen(existing.Type, existing.Length, type, length);
        if (wider == existing.Type && widerLength == existing.Length) return false;
        var typeName = Dialect.TypeName(wider, widerLength);
        foreach (var physical in await PhysicalTablesAsync(table, cancellation))
        {
            var current = (await GetSchemaAsync(physical, cancellation))?.Find(column);
            if (current is not null) await Guard(async () => { await _engine.WidenColumnAsync(physical, current, typeName, cancellation); return 0; });
        }
        return true;
    }

    public async Task<bool> DropTableAsync(string table, CancellationToken cancellation = default)
    {
        var physical = await PhysicalTablesAsync(table, cancellation);
        // partitions first: on PostgreSQL they use the table's sequence
        foreach (var name in physical.Reverse())
        {
            await ExecuteAsync($"DROP TABLE IF EXISTS {Dialect.QuoteIdentifier(name)}", null, cancellation);
            _knownPartitions.TryRemove(name, out _);
        }
        return physical.Count > 0;
    }

    public Task<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellation = default) =>
        Guard(async () =>
        {
            await using var connection = await _engine.OpenAsync(cancellation);
            await using var command = _engine.Command(connection, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellation);
        });

    public async Task<IQueryReader> QueryAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellation = default)
    {
        var expanded = _engine.PrepareQuery(await ExpandPartitionsAsync(sql, cancellation));
        return await Guard(async () =>
        {
            var connection = await _engine.OpenAsync(cancellation);
            var command = _engine.Command(connection, expanded, parameters);
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellation);
                return (IQueryReader)new DataReaderQuery(_engine, connection, command, reader);
            }
            catch
            {
                await command.DisposeAsync();
                await connection.DisposeAsync();
                throw;
            }
        });
    }

    /// <summary>
    /// Runs an <c>UPDATE</c> or <c>DELETE</c> on a partitioned table once per physical table (the table name replaced),
    /// in one transaction; other statements run as written. Returns the rows affected in total.
    /// </summary>
    public async Task<int> ExecuteOnPartitionsAsync(string sql, CancellationToken cancellation)
    {
        var keyword = SqlText.FirstKeyword(sql);
        var target = keyword switch
        {
            "update" => SqlText.WordAfter(sql, "update"),
            "delete" => SqlText.WordAfter(sql, "from"),
            _ => null,
        };
        var physical = target is null ? [] : await PhysicalTablesAsync(target, cancellation);
        if (physical.Count <= 1) return await ExecuteAsync(sql, null, cancellation);
        return await Guard(async () =>
        {
            await using var connection = await _engine.OpenAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            var affected = 0;
            foreach (var table in physical)
            {
                await using var command = _engine.Command(connection, SqlText.ReplaceWord(sql, target!, Dialect.QuoteIdentifier(table)), null, transaction);
                affected += await command.ExecuteNonQueryAsync(cancellation);
            }
            await transaction.CommitAsync(cancellation);
            return affected;
        });
    }

    /// <summary>Rewrites references to partitioned tables so the query reads every partition.</summary>
    public async Task<string> ExpandPartitionsAsync(string sql, CancellationToken cancellation)
    {
        var tables = await ListTablesAsync(cancellation);
        var partitioned = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
            if (PartitionName.TryParse(table, out var name) && !partitioned.ContainsKey(name.Table))
                partitioned[name.Table] = Partitions(tables, name.Table);
        if (partitioned.Count == 0) return sql;
        var unions = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (table, partitions) in partitioned)
        {
            if (!sql.Contains(table, StringComparison.OrdinalIgnoreCase)) continue;
            var physical = tables.Contains(table, StringComparer.OrdinalIgnoreCase) ? partitions.Prepend(table).ToList() : partitions.ToList();
            var schema = await GetSchemaAsync(physical[0], cancellation);
            if (schema is null) continue;
            var columns = string.Join(", ", schema.Columns.Select(c => Dialect.QuoteIdentifier(c.Name)));
            var union = new StringBuilder();
            foreach (var name in physical)
            {
                if (union.Length > 0) union.Append(" UNION ALL ");
                union.Append("SELECT ").Append(columns).Append(" FROM ").Append(Dialect.QuoteIdentifier(name));
            }
            unions[table] = union.ToString();
        }
        return unions.Count == 0 ? sql : PartitionQueryRewriter.Rewrite(sql, word => unions.GetValueOrDefault(word));
    }

    public async Task<long> CountRowsAsync(string table, CancellationToken cancellation = default)
    {
        long total = 0;
        foreach (var physical in await PhysicalTablesAsync(table, cancellation))
            total += await CountPhysicalAsync(physical, cancellation);
        return total;
    }

    /// <summary>Rows of one physical table.</summary>
    public async Task<long> CountPhysicalAsync(string physical, CancellationToken cancellation)
    {
        await using var reader = await Guard(async () =>
        {
            var connection = await _engine.OpenAsync(cancellation);
            var command = _engine.Command(connection, $"SELECT COUNT(*) FROM {Dialect.QuoteIdentifier(physical)}", null);
            return (IQueryReader)new DataReaderQuery(_engine, connection, command, await command.ExecuteReaderAsync(cancellation));
        });
        return await reader.ReadAsync(cancellation) ? Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public async Task<IBulkLoad> BeginLoadAsync(string table, IReadOnlyList<string> columns, BulkLoadOptions? options = null,
        CancellationToken cancellation = default)
    {
        table = table.ToLowerInvariant();
        var schema = await RequireSchemaAsync(table, cancellation);
        var loaded = new ColumnSchema[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            loaded[i] = schema.Find(columns[i]) ?? throw new StorageException(ErrorCode.SqlError,
                $"column '{columns[i]}' does not exist in table '{table}' of DBMS '{Name}'");
        var session = await Guard(() => _engine.BeginLoadAsync(cancellation));
        return await BulkLoad.StartAsync(this, new GuardedSession(session, _engine), table, loaded, PartitioningOf(table),
            options ?? BulkLoadOptions.Default, cancellation);
    }

    public async Task<long> DeleteTsdRowsAsync(string table, string tsdName, long tsdId, CancellationToken cancellation = default)
    {
        long deleted = 0;
        foreach (var physical in await PhysicalTablesAsync(table, cancellation))
            deleted += await ExecuteAsync($"DELETE FROM {Dialect.QuoteIdentifier(physical)} WHERE tsd_name = @p0 AND tsd_id = @p1",
                [tsdName, tsdId], cancellation);
        return deleted;
    }

    public IReadOnlyList<PartitionDefinition> Partitioning =>
        _partitioning.Values.OrderBy(p => p.Table == "*" ? 0 : 1).ThenBy(p => p.Table, StringComparer.Ordinal).ToList();

    public void SetPartitioning(PartitionDefinition definition) =>
        _partitioning[definition.Table.ToLowerInvariant()] = definition with { Table = definition.Table.ToLowerInvariant() };

    public PartitionDefinition? PartitioningOf(string table) =>
        _partitioning.GetValueOrDefault(table.ToLowerInvariant()) ?? _partitioning.GetValueOrDefault("*");

    public async Task<IReadOnlyList<string>> DropPartitionsAsync(string table, int keep, CancellationToken cancellation = default)
    {
        var partitions = await ListPartitionsAsync(table, cancellation);
        var now = UtcNow;
        var dropped = new List<string>();
        // oldest first; the newest 'keep' (at least one) and the one holding 'now' stay
        var droppable = partitions.Count - Math.Max(1, keep);
        for (var i = 0; i < droppable; i++)
        {
            var name = partitions[i];
            if (PartitionName.TryParse(name, out var parsed) && now >= parsed.Start && now < parsed.End) continue;
            await ExecuteAsync($"DROP TABLE IF EXISTS {Dialect.QuoteIdentifier(name)}", null, cancellation);
            _knownPartitions.TryRemove(name, out _);
            dropped.Add(name);
        }
        return dropped;
    }

    /// <summary>Creates a partition table (schema and indexes of the table) unless known to exist.</summary>
    public async ValueTask EnsurePartitionAsync(LoadSession session, string table, string partition, CancellationToken cancellation)
    {
        if (_knownPartitions.ContainsKey(partition)) return;
        await session.LockAsync(cancellation); // the load's writer before the DDL gate, as loads that hold it already take them
        await _ddl.WaitAsync(cancellation);
        try
        {
            var ddl = await _engine.PartitionDdlAsync(table, partition, cancellation);
            await session.EnsureTableAsync(ddl, cancellation);
        }
        finally
        {
            _ddl.Release();
        }
    }

    /// <summary>After a commit, the partitions a load used are known to exist.</summary>
    public void ConfirmPartitions(IEnumerable<string> partitions)
    {
        foreach (var partition in partitions)
            if (partition.StartsWith("par_", StringComparison.Ordinal)) _knownPartitions[partition] = true;
    }

    /// <summary>After a rollback, partitions created in the transaction may be gone.</summary>
    public void ForgetPartitions(IEnumerable<string> partitions)
    {
        foreach (var partition in partitions) _knownPartitions.TryRemove(partition, out _);
    }

    private async Task<TableSchema> RequireSchemaAsync(string table, CancellationToken cancellation) =>
        await GetSchemaAsync(table, cancellation)
        ?? throw new StorageException(ErrorCode.TableNotFound, $"table '{table}' does not exist in DBMS '{Name}'");

    /// <summary>Runs an engine call, turning engine exceptions into <see cref="StorageException"/>.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not StorageException && _engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public ValueTask DisposeAsync()
    {
        _ddl.Dispose();
        return _engine.DisposeAsync();
    }
}
