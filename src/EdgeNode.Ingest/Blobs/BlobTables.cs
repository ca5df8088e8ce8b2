using System.Collections.Concurrent;
using System.Globalization;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// Blobs kept in a database: the blobs of <c>dbms.table</c> are rows of table <c>table</c> in the logical DBMS
/// <c>blobs_&lt;dbms&gt;</c> (EdgeLake's naming), a SQLite or PostgreSQL connection the user makes like any other
/// (<c>connect dbms blobs_test where type = sqlite</c>). One row per blob, keyed by its hash: <c>hash</c>, <c>file_id</c>
/// (<c>&lt;hash&gt;.&lt;extension&gt;</c>), <c>archive_date</c> (<c>YYMMDD</c>), <c>file_size</c> and the bytes in <c>data</c>
/// (<c>BLOB</c> on SQLite, <c>bytea</c> on PostgreSQL). A store commits before it returns, and storing a blob again
/// leaves one row, so a retry after a crash cannot double it.
/// </summary>
internal sealed class BlobTables(IDbmsRegistry? registry)
{
    private const string Prefix = "blobs_";

    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    /// <summary>One table creation at a time: PostgreSQL fails one of two concurrent <c>CREATE TABLE IF NOT EXISTS</c> of a name.</summary>
    private readonly SemaphoreSlim _creating = new(1, 1);

    /// <summary>The database that keeps the blobs of <paramref name="dbms"/>: <c>blobs_&lt;dbms&gt;</c> (a name given with the prefix is kept).</summary>
    public static string DatabaseOf(string dbms) => dbms.StartsWith(Prefix, StringComparison.Ordinal) ? dbms : Prefix + dbms;

    /// <summary>The user DBMS a blobs database serves (<c>blobs_test</c> → <c>test</c>).</summary>
    public static string DataDbmsOf(string dbms) => dbms.StartsWith(Prefix, StringComparison.Ordinal) && dbms.Length > Prefix.Length ? dbms[Prefix.Length..] : dbms;

    public IDbms? Find(string dbms) => registry?.Find(DatabaseOf(dbms));

    /// <summary>The connected blobs database of <paramref name="dbms"/>; a not-connected error that says how to connect it otherwise.</summary>
    public IDbms Require(string dbms) =>
        Find(dbms) ?? throw new StorageException(ErrorCode.DbmsNotConnected,
            $"DBMS '{DatabaseOf(dbms)}' is not connected: blobs of '{dbms}' are stored there " +
            $"(connect dbms {DatabaseOf(dbms)} where type = sqlite, or type = psql with its server)");

    public async Task<bool> ContainsAsync(IDbms database, string table, string hash, CancellationToken cancellation) =>
        await ReadAsync(database, table, "SELECT 1", hash, async reader => await reader.ReadAsync(cancellation), cancellation);

    /// <summary>Stores a blob; with <paramref name="replace"/> a blob stored before is rewritten, else kept as it is.</summary>
    public async Task StoreAsync(IDbms database, string table, BlobId id, byte[] content, DateTime now, bool replace,
        CancellationToken cancellation)
    {
        await EnsureAsync(database, table, cancellation);
        var conflict = replace
            ? "DO UPDATE SET file_id = excluded.file_id, archive_date = excluded.archive_date, file_size = excluded.file_size, data = excluded.data"
            : "DO NOTHING";
        try
        {
            await database.ExecuteAsync(
                $"INSERT INTO {database.Dialect.QuoteIdentifier(table)} (hash, file_id, archive_date, file_size, data) " +
                $"VALUES (@p0, @p1, @p2, @p3, @p4) ON CONFLICT (hash) {conflict}",
                [id.Hash, id.ToString(), now.ToString("yyMMdd", CultureInfo.InvariantCulture), (long)content.Length, content], cancellation);
        }
        catch (StorageException e) when (e.Code == ErrorCode.TableNotFound)
        {
            // dropped since it was created: created again on the retry
            _created.TryRemove(Key(database, table), out _);
            throw new StorageException(e.Code, e.Message, e) { IsTransient = true };
        }
    }

    /// <summary>The blob's id and bytes, or null when the table does not hold it.</summary>
    public Task<(BlobId Id, byte[] Content)?> ReadAsync(IDbms database, string table, string hash, CancellationToken cancellation) =>
        ReadAsync<(BlobId, byte[])?>(database, table, "SELECT file_id, data", hash, async reader =>
        {
            if (!await reader.ReadAsync(cancellation)) return null;
            var fileId = reader.GetValue(0) as string ?? hash;
            var id = BlobId.TryParse(fileId.Trim(), out var parsed, out _) ? parsed : new BlobId(hash, "");
            return (id, reader.GetValue(1) as byte[] ?? []);
        }, cancellation);

    /// <summary>Runs <c>&lt;select&gt; FROM table WHERE hash = ..</c>; a table that does not exist (never created, or dropped) holds nothing.</summary>
    private async Task<T?> ReadAsync<T>(IDbms database, string table, string select, string hash, Func<IQueryReader, Task<T?>> read,
        CancellationToken cancellation)
    {
        if (!await ExistsAsync(database, table, cancellation)) return default;
        try
        {
            await using var reader = await database.QueryAsync($"{select} FROM {database.Dialect.QuoteIdentifier(table)} WHERE hash = @p0", [hash],
                cancellation);
            return await read(reader);
        }
        catch (StorageException e) when (e.Code == ErrorCode.TableNotFound)
        {
            _created.TryRemove(Key(database, table), out _);
            return default;
        }
    }

    private async Task<bool> ExistsAsync(IDbms database, string table, CancellationToken cancellation)
    {
        if (_created.ContainsKey(Key(database, table))) return true;
        if (await database.GetSchemaAsync(table, cancellation) is null) return false;
        _created[Key(database, table)] = true;
        return true;
    }

    private async Task EnsureAsync(IDbms database, string table, CancellationToken cancellation)
    {
        if (_created.ContainsKey(Key(database, table))) return;
        await _creating.WaitAsync(cancellation);
        try
        {
            if (!await ExistsAsync(database, table, cancellation)) await CreateAsync(database, table, cancellation);
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task CreateAsync(IDbms database, string table, CancellationToken cancellation)
    {
        var bytes = database.Engine == DbmsEngine.PostgreSql ? "bytea" : "blob";
        await database.CreateTableAsync(
            $"CREATE TABLE IF NOT EXISTS {database.Dialect.QuoteIdentifier(table)} (hash CHAR(32) PRIMARY KEY, file_id VARCHAR NOT NULL, " +
            $"archive_date CHAR(6) NOT NULL, file_size BIGINT NOT NULL, data {bytes} NOT NULL)", cancellation);
        _created[Key(database, table)] = true;
    }

    private static string Key(IDbms database, string table) => $"{database.Name}.{table}";
}
