using EdgeNode.Core.Storage;

namespace EdgeNode.Storage;

/// <summary>
/// DDL of the tables the node itself uses: <c>almgm.tsd_info</c> and <c>tsd_&lt;member&gt;</c> (SPEC §5), and the master's
/// <c>blockchain.ledger</c> (SPEC §2, DB form, defined by <see cref="Core.Metadata.LedgerTableSql"/>). SQLite statements are those a real EdgeLake node created
/// (reference <c>sqlite_schema_test_dbms.txt</c>).
/// </summary>
internal static class SystemTables
{
    public const string TsdInfo = "tsd_info";
    public const string Ledger = "ledger";

    /// <summary>True for <c>tsd_info</c> and <c>tsd_&lt;member id&gt;</c>.</summary>
    public static bool IsTsdTable(string table) =>
        table.Equals(TsdInfo, StringComparison.OrdinalIgnoreCase)
        || (table.StartsWith("tsd_", StringComparison.OrdinalIgnoreCase) && table.Length > 4 && table[4..].All(char.IsAsciiLetterOrDigit));

    public static IReadOnlyList<string> TsdDdl(DbmsEngine engine, string table)
    {
        var member = !table.Equals(TsdInfo, StringComparison.OrdinalIgnoreCase);
        var sqlite = engine == DbmsEngine.Sqlite;
        var key = (member, sqlite) switch
        {
            (true, _) => "file_id int primary key not null",
            (false, true) => "file_id integer primary key autoincrement not null",
            (false, false) => "file_id serial primary key",
        };
        // index names are per database (SQLite) / schema (PostgreSQL): the member tables prefix theirs
        var prefix = member ? table + "_" : "";
        return
        [
            $"CREATE TABLE IF NOT EXISTS {table} ({key},dbms_name varchar not null,table_name varchar not null,source varchar not null," +
            "file_hash varchar  not null,instructions varchar not null,file_time timestamp not null,rows int,status1 varchar,status2 varchar)",
            $"CREATE UNIQUE INDEX IF NOT EXISTS {prefix}hash_index on {table}(file_hash)",
            $"CREATE INDEX IF NOT EXISTS {prefix}time_index on {table}(file_time)",
        ];
    }
}
