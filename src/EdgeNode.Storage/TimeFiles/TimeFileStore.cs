using System.Globalization;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.TimeFiles;

/// <summary>
/// <see cref="ITimeFiles"/> over the <c>almgm</c> DBMS (whichever engine it is on). Looks the connection up on each call,
/// so connecting or reconnecting <c>almgm</c> later is picked up.
/// </summary>
internal sealed class TimeFileStore(IDbmsRegistry registry) : ITimeFiles
{
    public const string DbmsName = "almgm";

    private const string Columns = "file_id, dbms_name, table_name, source, file_hash, instructions, file_time, rows, status1, status2";

    public string TableFor(string? member) =>
        member is null or "" or "0" or "@" ? SystemTables.TsdInfo : "tsd_" + member.ToLowerInvariant();

    public IDbms Almgm() => registry.Find(DbmsName)
                            ?? throw new StorageException(ErrorCode.DbmsNotConnected,
                                "DBMS 'almgm' is not connected: 'connect dbms almgm where type = sqlite' and 'create table tsd_info where dbms = almgm'");

    public async Task<TsdEntry?> FindByHashAsync(string hash, string table = SystemTables.TsdInfo, CancellationToken cancellation = default)
    {
        var rows = await QueryAsync(table, "file_hash = @p0", [hash], 1, cancellation);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<TsdEntry?> FindByIdAsync(long fileId, string table = SystemTables.TsdInfo, CancellationToken cancellation = default)
    {
        var rows = await QueryAsync(table, "file_id = @p0", [fileId], 1, cancellation);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<(TsdEntry Entry, bool IsNew)> RegisterAsync(TsdEntry entry, string table = SystemTables.TsdInfo,
        CancellationToken cancellation = default)
    {
        Validate(table);
        if (await FindByHashAsync(entry.Hash, table, cancellation) is { } existing) return (existing, false);
        var almgm = Almgm();
        var member = !table.Equals(SystemTables.TsdInfo, StringComparison.OrdinalIgnoreCase);
        var values = new List<object?> { entry.Dbms, entry.Table, entry.Source, entry.Hash, entry.Instructions, entry.FileTime, entry.Rows, entry.Status1, entry.Status2 };
        var insert = member
            ? $"INSERT INTO {table} ({Columns}) VALUES (@p9, @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)"
            : $"INSERT INTO {table} ({Columns[9..]}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)";
        if (member) values.Add(entry.FileId);
        try
        {
            await almgm.ExecuteAsync(insert, values, cancellation);
        }
        catch (StorageException e) when (e.Code == ErrorCode.DuplicateEntry)
        {
            // registered concurrently by another thread: theirs wins
            if (await FindByHashAsync(entry.Hash, table, cancellation) is { } raced) return (raced, false);
            throw;
        }
        return (await FindByHashAsync(entry.Hash, table, cancellation)
                ?? throw new StorageException(ErrorCode.DbmsError, $"file '{entry.Hash}' not found in {table} after insert"), true);
    }

    public async Task<bool> CompleteAsync(long fileId, long rows, string status1 = "", string status2 = "", string table = SystemTables.TsdInfo,
        CancellationToken cancellation = default)
    {
        Validate(table);
        return await Almgm().ExecuteAsync($"UPDATE {table} SET rows = @p0, status1 = @p1, status2 = @p2 WHERE file_id = @p3",
            [rows, status1, status2, fileId], cancellation) > 0;
    }

    public async Task<bool> SetHashAsync(long fileId, string hash, string table = SystemTables.TsdInfo, CancellationToken cancellation = default)
    {
        Validate(table);
        return await Almgm().ExecuteAsync($"UPDATE {table} SET file_hash = @p0, status1 = '', status2 = '' WHERE file_id = @p1",
            [hash, fileId], cancellation) > 0;
    }

    /// <summary><c>time file update &lt;hash&gt; [status1] [status2]</c>: null leaves a status as it is.</summary>
    public async Task<bool> UpdateStatusAsync(string hash, string? status1, string? status2, string table, CancellationToken cancellation)
    {
        Validate(table);
        return await Almgm().ExecuteAsync(
            $"UPDATE {table} SET status1 = COALESCE(@p0, status1), status2 = COALESCE(@p1, status2) WHERE file_hash = @p2",
            [status1, status2, hash], cancellation) > 0;
    }

    public async Task<bool> DeleteAsync(long fileId, string table, CancellationToken cancellation)
    {
        Validate(table);
        return await Almgm().ExecuteAsync($"DELETE FROM {table} WHERE file_id = @p0", [fileId], cancellation) > 0;
    }

    /// <summary>TSD tables that exist in almgm, <c>tsd_info</c> first.</summary>
    public async Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellation = default) =>
        (await Almgm().ListTablesAsync(cancellation)).Where(SystemTables.IsTsdTable)
        .OrderBy(t => t == SystemTables.TsdInfo ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal).ToList();

    public async Task EnsureTableAsync(string table, CancellationToken cancellation = default)
    {
        Validate(table);
        var almgm = Almgm();
        if (await almgm.GetSchemaAsync(table, cancellation) is null)
            await almgm.CreateTableAsync(string.Join(";\n", SystemTables.TsdDdl(almgm.Engine, table.ToLowerInvariant())), cancellation);
    }

    public async Task<IReadOnlyList<TsdEntry>> ListAsync(string table, TsdRange range, CancellationToken cancellation = default)
    {
        Validate(table);
        if (await Almgm().GetSchemaAsync(table, cancellation) is null) return [];
        var (where, parameters) = RangeCondition(range);
        return await QueryAsync(table, where, parameters, Math.Max(1, range.Limit), cancellation, newestFirst: range.NewestFirst);
    }

    public async Task<TsdTotals> TotalsAsync(string table, TsdRange range, CancellationToken cancellation = default)
    {
        Validate(table);
        if (await Almgm().GetSchemaAsync(table, cancellation) is null) return TsdTotals.None;
        var (where, parameters) = RangeCondition(range);
        var sql = $"SELECT COUNT(*), SUM(rows), MIN(file_id), MAX(file_id) FROM {table}" + (where is null ? "" : " WHERE " + where);
        await using var reader = await Almgm().QueryAsync(sql, parameters, cancellation);
        if (!await reader.ReadAsync(cancellation)) return TsdTotals.None;
        return new TsdTotals(Long(reader.GetValue(0)), Long(reader.GetValue(1)), Long(reader.GetValue(2)), Long(reader.GetValue(3)));
    }

    private static (string? Where, List<object?> Parameters) RangeCondition(TsdRange range)
    {
        var conditions = new List<string>();
        var parameters = new List<object?>();
        void Add(string column, string comparison, object value)
        {
            conditions.Add($"{column} {comparison} @p{parameters.Count.ToString(CultureInfo.InvariantCulture)}");
            parameters.Add(value);
        }
        if (range.AfterId is { } after) Add("file_id", ">", after);
        if (range.ToId is { } to) Add("file_id", "<=", to);
        if (range.From is { } from) Add("file_time", ">=", from);
        if (range.Until is { } until) Add("file_time", "<=", until);
        return (conditions.Count == 0 ? null : string.Join(" AND ", conditions), parameters);
    }

    /// <summary>Rows matching a where clause built by the caller from fixed column names, newest first.</summary>
    public async Task<IReadOnlyList<TsdEntry>> QueryAsync(string table, string? where, IReadOnlyList<object?> parameters, int limit,
        CancellationToken cancellation, bool newestFirst = true)
    {
        Validate(table);
        var sql = $"SELECT {Columns} FROM {table}" + (where is null ? "" : " WHERE " + where) +
                  $" ORDER BY file_id {(newestFirst ? "DESC" : "ASC")} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
        await using var reader = await Almgm().QueryAsync(sql, parameters, cancellation);
        var entries = new List<TsdEntry>();
        while (await reader.ReadAsync(cancellation))
            entries.Add(new TsdEntry(Long(reader.GetValue(0)), Text(reader.GetValue(1)), Text(reader.GetValue(2)), Text(reader.GetValue(3)),
                Text(reader.GetValue(4)), Text(reader.GetValue(5)), Time(reader.GetValue(6)), Long(reader.GetValue(7)),
                Text(reader.GetValue(8)), Text(reader.GetValue(9))));
        return entries;
    }

    private static void Validate(string table)
    {
        if (!SystemTables.IsTsdTable(table))
            throw new StorageException(ErrorCode.TableNotFound, $"'{table}' is not a TSD table (tsd_info or tsd_<member id>)");
    }

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Text(object? value) => value?.ToString()?.TrimEnd() ?? "";

    private static DateTime Time(object? value) => value switch
    {
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        string s when Loading.ValueText.TryParseTimestamp(s, out var parsed) => parsed,
        _ => DateTime.MinValue,
    };
}
