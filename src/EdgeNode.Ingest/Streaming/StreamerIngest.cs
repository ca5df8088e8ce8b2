using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// The node's <see cref="IDataIngest"/>: REST PUT (and any other receiver of rows) hands batches to the streamer. Both
/// entry points return only once the rows are durable (a data file in the watch dir, or fsynced in the journal). A batch
/// with a value the table cannot take is refused whole (<see cref="ColumnValueCheck"/>): its caller hears of it, and no
/// other client's rows ever share a file with it.
/// </summary>
internal sealed class StreamerIngest(Streamer streamer, ColumnValueCheck values) : IDataIngest
{
    public async ValueTask<IngestResult> WriteFileAsync(IngestBatch batch, CancellationToken cancellation)
    {
        if (await values.CheckAsync(batch.Dbms, batch.Table, batch.Rows, cancellation) is { } problem)
            return IngestResult.Error(problem.Code, problem.Message);
        try
        {
            return IngestResult.Ok(await streamer.WriteFileAsync(KeyOf(batch), batch.Rows, batch.RowCount, cancellation));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IngestResult.Error(ErrorCode.FileError, $"writing the data file failed: {e.Message}");
        }
    }

    public async ValueTask<IngestResult> AppendStreamingAsync(IngestBatch batch, CancellationToken cancellation)
    {
        if (await values.CheckAsync(batch.Dbms, batch.Table, batch.Rows, cancellation) is { } problem)
            return IngestResult.Error(problem.Code, problem.Message);
        try
        {
            await streamer.AddRowsAsync(KeyOf(batch), batch.Rows, batch.RowCount, cancellation);
            return IngestResult.Ok();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IngestResult.Error(ErrorCode.FileError, $"journaling the rows failed: {e.Message}");
        }
    }

    private static BufferKey KeyOf(IngestBatch batch) => new(batch.Dbms, batch.Table, batch.Source, batch.Instructions);
}
