namespace EdgeNode.Core.Metadata;

/// <summary>
/// The SQL of the master's ledger table (SPEC §2): <c>ledger(sequence_id SERIAL PK, policy_type, policy_id UNIQUE
/// (hash_index), company_name, date TIMESTAMP (time_index), host, status, policy)</c>, for PostgreSQL (<c>psql</c>)
/// and SQLite (<c>sqlite</c>). Statements take the positional parameters of <c>IDbms</c> (<c>@p0, @p1 ...</c>): the row
/// values in the order of <see cref="Values"/>. The date is the policy's date (ISO 8601 UTC: the text on SQLite, as
/// EdgeLake stores it, a timestamp on PostgreSQL), so ordering by it is the order policies were created in.
/// This class is the only definition of the table: <c>create table ledger where dbms = blockchain</c> uses it too.
/// </summary>
public static class LedgerTableSql
{
    public const string TableName = "ledger";

    /// <summary>The statements that create the table and its indexes (each one executed on its own).</summary>
    public static IReadOnlyList<string> CreateTable(string dialect) =>
    [
        "CREATE TABLE IF NOT EXISTS ledger(" +
        (IsSqlite(dialect) ? "sequence_id INTEGER PRIMARY KEY AUTOINCREMENT, " : "sequence_id SERIAL PRIMARY KEY, ") +
        "policy_type VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, company_name VARCHAR, " +
        (IsSqlite(dialect)
            ? "date TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), "
            : "date TIMESTAMP NOT NULL DEFAULT NOW(), ") +
        "host VARCHAR NOT NULL, status VARCHAR, policy VARCHAR)",
        "CREATE UNIQUE INDEX IF NOT EXISTS hash_index ON ledger(policy_id)",
        "CREATE INDEX IF NOT EXISTS time_index ON ledger(date)",
    ];

    /// <summary>Inserts a row (<see cref="Values"/>) unless one with the same policy id exists (idempotent push).</summary>
    public const string Insert =
        "INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6) ON CONFLICT (policy_id) DO NOTHING";

    /// <summary>Overwrites the row whose policy id is <c>@p7</c> with <see cref="Values"/>.</summary>
    public const string Replace =
        "UPDATE ledger SET policy_type = @p0, policy_id = @p1, company_name = @p2, date = @p3, host = @p4, status = @p5, policy = @p6 " +
        "WHERE policy_id = @p7";

    /// <summary>Deletes the row of policy id <c>@p0</c>.</summary>
    public const string Delete = "DELETE FROM ledger WHERE policy_id = @p0";

    /// <summary>Deletes the rows of host <c>@p0</c>.</summary>
    public const string DeleteByHost = "DELETE FROM ledger WHERE host = @p0";

    /// <summary>The rows in ledger order. Columns: policy_type, policy_id, company_name, date, host, status, policy.</summary>
    public const string Export =
        "SELECT policy_type, policy_id, company_name, date, host, status, policy FROM ledger ORDER BY date, sequence_id";

    /// <summary>The row count and the highest sequence id (<see cref="LedgerTableStamp"/>).</summary>
    public const string Stamp = "SELECT count(*), max(sequence_id) FROM ledger";

    /// <summary>The values of a row for <see cref="Insert"/> and <see cref="Replace"/>: <c>@p0</c> ... <c>@p6</c>.</summary>
    public static object?[] Values(LedgerRow row) =>
        [row.PolicyType, row.PolicyId, row.Company, row.Date, row.Host, row.Status, row.Policy];

    /// <summary>A self-contained INSERT with literals (<c>blockchain pull to sql</c>): quotes doubled, NULL for missing values.</summary>
    public static string InsertLiteral(LedgerRow row) =>
        "INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) VALUES (" +
        string.Join(", ", Values(row).Select(Literal)) + ");";

    private static string Literal(object? value) =>
        value is string text ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'" : "NULL";

    private static bool IsSqlite(string dialect) => dialect.Equals("sqlite", StringComparison.OrdinalIgnoreCase);
}
