using System.Diagnostics;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Loads the JSON rows of one file into one table in one transaction: the table is made ready first, then the rows are
/// parsed straight into the load (<see cref="JsonRowWriter"/>); when a row does not fit (schema drift) the load rolls
/// back, the table adapts, and the file loads again from the start. With <c>replace</c> the load first deletes the rows
/// an earlier, crashed attempt of the same file committed.
/// </summary>
internal sealed class TableLoader(TableSetup setup)
{
    private const int MaxAttempts = 4;

    public async Task<(BulkLoadResult Result, double DbmsSeconds)> LoadAsync(OperatorTable table, IDbms dbms, ReadOnlyMemory<byte> content,
        RowStamp stamp, bool replace, IReadOnlyList<InferredColumn>? declared, CancellationToken cancellation)
    {
        var options = replace ? new BulkLoadOptions { ReplaceTsdName = stamp.TsdName, ReplaceTsdId = stamp.TsdId } : BulkLoadOptions.Default;
        var exactDecimals = dbms.Engine == DbmsEngine.PostgreSql;
        for (var attempt = 1; ; attempt++)
        {
            var plan = await setup.ReadyAsync(table, dbms, content, declared, cancellation);
            try
            {
                // SQLite's load takes the database's one writer only at the commit: the file is parsed and converted
                // while another file is written, and the writer's turn is spent writing rows
                await using var load = await dbms.BeginLoadAsync(table.Name, plan.Columns, options, cancellation);
                var started = Stopwatch.GetTimestamp();
                await new JsonRowWriter(plan, load, stamp, exactDecimals).WriteAsync(content, cancellation);
                var result = await load.CommitAsync(cancellation);
                return (result, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception e) when (attempt < MaxAttempts && e is SchemaDriftException or StorageException { Code: ErrorCode.DataTypeMismatch })
            {
                await setup.AdaptAsync(table, dbms, content, e.Message, cancellation);
            }
            catch (StorageException e) when (attempt < MaxAttempts && e.Code == ErrorCode.TableNotFound)
            {
                TableSetup.Forget(table); // dropped behind the operator's back: set it up again
            }
            catch (SchemaDriftException e)
            {
                throw new OperatorException(ErrorCode.DataTypeMismatch, e.Message);
            }
        }
    }
}
