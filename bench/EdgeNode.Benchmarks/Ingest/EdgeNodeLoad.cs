using System.Globalization;
using EdgeNode.Core.Storage;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>Loads the rows through EdgeNode's storage API exactly as the operator does: typed setters, one transaction.</summary>
internal static class EdgeNodeLoad
{
    /// <param name="rowsPerTransaction">Commit every so many rows (the operator commits once per file); all rows in one by default.</param>
    public static async Task<long> RunAsync(IngestEnvironment environment, string engine, string table, IngestRows rows, bool partitioned,
        CancellationToken cancellation, int rowsPerTransaction = int.MaxValue)
    {
        // SQLite: a new file per run, as the raw baseline; PostgreSQL: one database, a new table per run
        var dbms = await environment.DbmsAsync(engine, engine == "sqlite" ? table : "bench", cancellation);
        await dbms.CreateTableAsync(IngestRows.CreateTable(table), cancellation);
        if (partitioned) dbms.SetPartitioning(new PartitionDefinition(table, "insert_timestamp", 14, PartitionUnit.Day));
        for (var start = 0; start < rows.Count; start += rowsPerTransaction)
        {
            await using var load = await dbms.BeginLoadAsync(table, IngestRows.Columns, null, cancellation);
            for (var i = start; i < Math.Min(rows.Count, (long)start + rowsPerTransaction); i++)
            {
                load.SetTimestamp(0, rows.Inserted);
                load.SetString(1, rows.TsdName);
                load.SetInt64(2, rows.TsdId);
                load.SetTimestamp(3, rows.Timestamps[i]);
                load.SetDouble(4, rows.Values[i]);
                await load.AddRowAsync(cancellation);
            }
            await load.CommitAsync(cancellation);
        }
        var count = await dbms.CountRowsAsync(table, cancellation);
        if (engine == "sqlite") await environment.Registry.DisconnectAsync(table);
        return count;
    }
}
