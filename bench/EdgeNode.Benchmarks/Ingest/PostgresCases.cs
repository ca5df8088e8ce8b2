using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>Baseline: Npgsql binary COPY in one transaction into the same schema on the same server.</summary>
public sealed class PostgresRawCopyCase : IngestCase
{
    public override string Name => "psql-raw-copy";
    public override string Engine => "psql";

    public override async Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation)
    {
        await environment.DbmsAsync(Engine, "bench", cancellation); // creates the database
        var server = await environment.PostgresAsync(cancellation);
        await using var connection = new NpgsqlConnection(server.ConnectionString("bench"));
        await connection.OpenAsync(cancellation);
        await using (var create = new NpgsqlCommand(IngestRows.CreateTable(table), connection))
            await create.ExecuteNonQueryAsync(cancellation);
        await using (var transaction = await connection.BeginTransactionAsync(cancellation))
        {
            await using (var copy = await connection.BeginBinaryImportAsync(
                             $"COPY {table} (insert_timestamp, tsd_name, tsd_id, timestamp, value) FROM STDIN (FORMAT BINARY)", cancellation))
            {
                var inserted = DateTime.SpecifyKind(rows.Inserted, DateTimeKind.Unspecified);
                for (var i = 0; i < rows.Count; i++)
                {
                    await copy.StartRowAsync(cancellation);
                    copy.Write(inserted, NpgsqlDbType.Timestamp);
                    copy.Write(rows.TsdName, NpgsqlDbType.Char);
                    copy.Write((int)rows.TsdId, NpgsqlDbType.Integer);
                    copy.Write(DateTime.SpecifyKind(rows.Timestamps[i], DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                    copy.Write((decimal)rows.Values[i], NpgsqlDbType.Numeric);
                }
                await copy.CompleteAsync(cancellation);
            }
            await transaction.CommitAsync(cancellation);
        }
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellation))!;
    }
}

/// <summary>EdgeNode's bulk load into a PostgreSQL DBMS (binary COPY underneath).</summary>
public sealed class PostgresEdgeNodeCase : IngestCase
{
    public override string Name => "psql-edgenode";
    public override string Engine => "psql";
    public override string? Baseline => "psql-raw-copy";

    public override Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation) =>
        EdgeNodeLoad.RunAsync(environment, Engine, table, rows, partitioned: false, cancellation);
}

/// <summary>The operator into PostgreSQL: JSON files in the watch dir → tsd_info, table, rows (binary COPY), archive.</summary>
public sealed class PostgresOperatorCase : OperatorCase
{
    public override string Name => "psql-operator-json-files";
    public override string Engine => "psql";
    public override string? Baseline => "psql-raw-copy";
}
