using System.Globalization;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage;

/// <summary>
/// The master's ledger table (<see cref="ILedgerTable"/>) in the database connected as <c>blockchain</c>, with the
/// statements of <see cref="LedgerTableSql"/>. The connection is looked up on every call, so <c>connect dbms</c> and
/// <c>disconnect dbms</c> take effect at once. SQLite keeps the policy's date text as EdgeLake does
/// (<c>blockchain_ledger_rows.txt</c>); PostgreSQL gets a timestamp, read back in the policy date format.
/// </summary>
internal sealed class LedgerTable(IDbmsRegistry registry) : ILedgerTable
{
    public const string DbmsName = "blockchain";

    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private long _writes;

    public bool IsConnected => registry.Find(DbmsName) is not null;

    public async Task CreateAsync(CancellationToken cancellation)
    {
        var dbms = Dbms();
        foreach (var statement in CreateStatements(dbms.Engine)) await dbms.ExecuteAsync(statement, null, cancellation);
    }

    /// <summary>The DDL of the table on an engine (also what <c>create table ledger where dbms = ..</c> runs).</summary>
    public static IReadOnlyList<string> CreateStatements(DbmsEngine engine) =>
        LedgerTableSql.CreateTable(engine == DbmsEngine.Sqlite ? "sqlite" : "psql");

    public async Task<bool> InsertAsync(LedgerRow row, CancellationToken cancellation)
    {
        var dbms = Dbms();
        return await WriteAsync(dbms, LedgerTableSql.Insert, Parameters(dbms, row), cancellation) == 1;
    }

    public async Task<bool> ReplaceAsync(string policyId, LedgerRow row, CancellationToken cancellation)
    {
        var dbms = Dbms();
        return await WriteAsync(dbms, LedgerTableSql.Replace, [.. Parameters(dbms, row), policyId], cancellation) == 1;
    }

    public Task<int> DeleteAsync(string policyId, CancellationToken cancellation) =>
        WriteAsync(Dbms(), LedgerTableSql.Delete, [policyId], cancellation);

    public Task<int> DeleteByHostAsync(string host, CancellationToken cancellation) =>
        WriteAsync(Dbms(), LedgerTableSql.DeleteByHost, [host], cancellation);

    public async Task<LedgerTableStamp> StampAsync(CancellationToken cancellation)
    {
        var writes = Interlocked.Read(ref _writes); // read first: a write that lands during the query changes the next stamp
        await using var reader = await Dbms().QueryAsync(LedgerTableSql.Stamp, null, cancellation);
        if (!await reader.ReadAsync(cancellation)) return new LedgerTableStamp(0, 0, writes);
        return new LedgerTableStamp(Convert.ToInt64(reader.GetValue(0) ?? 0L, CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1) ?? 0L, CultureInfo.InvariantCulture), writes);
    }

    public async Task<IReadOnlyList<LedgerRow>> ExportAsync(CancellationToken cancellation)
    {
        var rows = new List<LedgerRow>();
        await using var reader = await Dbms().QueryAsync(LedgerTableSql.Export, null, cancellation);
        while (await reader.ReadAsync(cancellation))
            rows.Add(new LedgerRow(Text(reader, 0)!, Text(reader, 1)!, Text(reader, 2), Text(reader, 3) ?? "", Text(reader, 4) ?? "",
                Text(reader, 5), Text(reader, 6) ?? ""));
        return rows;
    }

    /// <summary>Runs a statement that changes rows and counts it for <see cref="StampAsync"/>.</summary>
    private async Task<int> WriteAsync(IDbms dbms, string sql, object?[] parameters, CancellationToken cancellation)
    {
        var changed = await dbms.ExecuteAsync(sql, parameters, cancellation);
        if (changed > 0) Interlocked.Increment(ref _writes);
        return changed;
    }

    private IDbms Dbms() => registry.Find(DbmsName) ?? throw new StorageException(Core.Commands.ErrorCode.DbmsNotConnected,
        "the ledger table needs a database: connect dbms blockchain first (e.g. 'connect dbms blockchain where type = sqlite')");

    private static object?[] Parameters(IDbms dbms, LedgerRow row)
    {
        var values = LedgerTableSql.Values(row);
        if (dbms.Engine == DbmsEngine.PostgreSql) values[3] = Timestamp(row.Date);
        return values;
    }

    /// <summary>A policy date as a PostgreSQL timestamp; a date that does not parse is stored as now, so the row still sorts.</summary>
    private static DateTime Timestamp(string date) =>
        DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? utc
            : DateTime.UtcNow;

    private static string? Text(IQueryReader reader, int column) => reader.GetValue(column) switch
    {
        null => null,
        DateTime utc => utc.ToString(DateFormat, CultureInfo.InvariantCulture),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
