using System.Globalization;
using EdgeNode.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>Baseline: Microsoft.Data.Sqlite, one prepared INSERT reused in one transaction, same file settings as EdgeNode (WAL, fsync full).</summary>
public sealed class SqliteRawCase : IngestCase
{
    public override string Name => "sqlite-raw";
    public override string Engine => "sqlite";

    public override async Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation)
    {
        var path = Path.Combine(environment.Directory, table + ".raw.db");
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(cancellation);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; " +
                                SqliteDialect.Instance.TranslateDdl(IngestRows.CreateTable(table));
            await setup.ExecuteNonQueryAsync(cancellation);
        }
        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table} (insert_timestamp, tsd_name, tsd_id, timestamp, value) VALUES ($a, $b, $c, $d, $e)";
            var a = insert.Parameters.Add("$a", SqliteType.Text);
            var b = insert.Parameters.Add("$b", SqliteType.Text);
            var c = insert.Parameters.Add("$c", SqliteType.Integer);
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var e = insert.Parameters.Add("$e", SqliteType.Real);
            insert.Prepare();
            for (var i = 0; i < rows.Count; i++)
            {
                a.Value = rows.Inserted.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                b.Value = rows.TsdName;
                c.Value = rows.TsdId;
                d.Value = rows.Timestamps[i].ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
                e.Value = rows.Values[i];
                insert.ExecuteNonQuery();
            }
            await transaction.CommitAsync(cancellation);
        }
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table}";
        var loaded = (long)(await count.ExecuteScalarAsync(cancellation))!;
        SqliteConnection.ClearPool(connection);
        return loaded;
    }
}

/// <summary>EdgeNode's bulk load (IDbms.BeginLoadAsync, typed setters) into a SQLite DBMS.</summary>
public sealed class SqliteEdgeNodeCase : IngestCase
{
    public override string Name => "sqlite-edgenode";
    public override string Engine => "sqlite";
    public override string? Baseline => "sqlite-raw";

    public override Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation) =>
        EdgeNodeLoad.RunAsync(environment, Engine, table, rows, partitioned: false, cancellation);
}

/// <summary>The same, with the table partitioned by 14 days of insert_timestamp (the deployment default).</summary>
public sealed class SqlitePartitionedCase : IngestCase
{
    public override string Name => "sqlite-edgenode-partitioned";
    public override string Engine => "sqlite";
    public override string? Baseline => "sqlite-raw";

    public override Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation) =>
        EdgeNodeLoad.RunAsync(environment, Engine, table, rows, partitioned: true, cancellation);
}

/// <summary>EdgeNode's bulk load committed every 10,000 rows, as the operator commits once per file: its own ceiling.</summary>
public sealed class SqliteTransactionPerFileCase : IngestCase
{
    public override string Name => "sqlite-edgenode-tx-per-10k";
    public override string Engine => "sqlite";
    public override string? Baseline => "sqlite-raw";

    public override Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation) =>
        EdgeNodeLoad.RunAsync(environment, Engine, table, rows, partitioned: false, cancellation, OperatorLoad.RowsPerFile);
}

/// <summary>The operator: JSON files in the watch dir → tsd_info, table, rows, archive (see <see cref="OperatorLoad"/>).</summary>
public sealed class SqliteOperatorCase : OperatorCase
{
    public override string Name => "sqlite-operator-json-files";
    public override string Engine => "sqlite";
    public override string? Baseline => "sqlite-raw";
}

/// <summary>The operator with files of 1,000 rows: the cost of each file's bookkeeping (tsd_info, commit, move) shows.</summary>
public sealed class SqliteOperatorSmallFilesCase : OperatorCase
{
    public override string Name => "sqlite-operator-1k-row-files";
    public override string Engine => "sqlite";
    public override string? Baseline => "sqlite-raw";
    protected override int RowsPerFile => 1_000;
}
