using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Benchmarks.Cluster;

/// <summary>
/// The database's own floor for a load: SQLite inserting rows a node already holds into a new database with the same
/// table and indexes, as one <c>INSERT … SELECT</c> in one transaction (fsync full, WAL, as EdgeNode's files): no file,
/// no parse, no bind, one commit. No load of the same rows into that schema can be faster on this machine; it tells how
/// much of a load's time is the database's B-trees rather than the node.
/// </summary>
internal static class SqliteInsertFloor
{
    public static async Task<double> MeasureAsync(string sourceDbms, string table, string directory)
    {
        var path = Path.Combine(directory, "insert-floor.dbms");
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            await ExecuteAsync(connection, "ATTACH DATABASE $source AS source", ("$source", sourceDbms));
            foreach (var ddl in await SchemaAsync(connection, table)) await ExecuteAsync(connection, ddl);
            // read the source once first, so the timed statement's reads come from the page cache as the loads' files did
            await ExecuteAsync(connection, $"SELECT count(*) FROM source.\"{table}\"");
            var clock = Stopwatch.StartNew();
            await using (var transaction = connection.BeginTransaction(deferred: false))
            {
                await ExecuteAsync(connection, $"INSERT INTO main.\"{table}\" SELECT * FROM source.\"{table}\"");
                await transaction.CommitAsync();
            }
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var file in Directory.GetFiles(directory, "insert-floor.dbms*")) File.Delete(file);
        }
    }

    /// <summary>The table's CREATE TABLE, then its CREATE INDEX statements, as the source database stores them.</summary>
    private static async Task<List<string>> SchemaAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM source.sqlite_schema WHERE tbl_name = $table AND sql IS NOT NULL ORDER BY type = 'index', name";
        command.Parameters.AddWithValue("$table", table);
        await using var reader = await command.ExecuteReaderAsync();
        var statements = new List<string>();
        while (await reader.ReadAsync()) statements.Add(reader.GetString(0));
        if (statements.Count == 0) throw new InvalidOperationException($"table '{table}' is not in the source database");
        return statements;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
