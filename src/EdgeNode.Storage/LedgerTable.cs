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
        return await dbms.ExecuteAsync(LedgerTableSql.Insert, Parameters(dbms, row), cancellation) == 1;
    }

    public async Task<bool> ReplaceAsync(string policyId, LedgerRow row, CancellationToken cancellation)
    {
        var dbms = Dbms();
        return await dbms.ExecuteAsync(LedgerTableSql.Replace, [.. Parameters(dbms, row), policyId], cancellation) == 1;
    }

    public Task<int> DeleteAsync(string policyId, CancellationToken cancellation) =>
        Dbms().ExecuteAsync(LedgerTableSql.Delete, [policyId], cancellation);

    public Task<int> DeleteByHostAsync(string host, CancellationToken cancellation) =>
        Dbms().ExecuteAsync(LedgerTableSql.DeleteByHost, [host], cancellation);

    public async Task<IReadOnlyList<LedgerRow>> ExportAsync(CancellationToken cancellation)
    {
        var rows = new List<LedgerRow>();
        await using var reader = await Dbms().QueryAsync(LedgerTableSql.Export, null, cancellation);
        while (await reader.ReadAsync(cancellation))
            rows.Add(new LedgerRow(Text(reader, 0)!, Text(reader, 1)!, Text(reader, 2), Text(reader, 3) ?? "", Text(reader, 4) ?? "",
                Text(reader, 5), Text(reader, 6) ?? ""));
        return rows;
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
