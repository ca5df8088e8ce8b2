namespace EdgeNode.Core.Ingest;

/// <summary>
/// Where rows received by the node (REST PUT, later other sources) enter the streamer/operator pipeline. Implemented by the
/// Ingest project and registered with <c>node.Services.Add&lt;IDataIngest&gt;(...)</c>; the REST server looks it up per call
/// and answers "Data ingest not available" when none is registered.
/// <para>
/// Both entry points must make the rows durable before their task completes: the REST server replies 200 only after it,
/// so a crash after the reply must lose nothing. Errors are returned as an <see cref="IngestResult"/> with a code, not thrown;
/// an exception is reported to the client as a server error (HTTP 500). The token is cancelled when the call times out or
/// the client goes away: an implementation that honours it keeps a batch all-or-nothing (a client that saw a timeout may
/// send the batch again). Calls arrive concurrently (up to the REST server's <c>threads</c>).
/// </para>
/// </summary>
public interface IDataIngest
{
    /// <summary>
    /// File mode (<c>mode: file</c>, EdgeLake's default): the rows become one file
    /// <c>prep_dir/&lt;dbms&gt;.&lt;table&gt;.&lt;source&gt;.&lt;hash&gt;.&lt;instructions&gt;.json</c> (hash = md5 of
    /// <c>"dbms.table"</c> + the file bytes), written, fsynced and renamed into <c>watch_dir</c> before the task completes.
    /// The result carries that hash (the client sees it as <c>AnyLog.hash</c>).
    /// </summary>
    ValueTask<IngestResult> WriteFileAsync(IngestBatch batch, CancellationToken cancellation);

    /// <summary>
    /// Streaming mode (<c>mode: streaming</c>): the rows are appended to the buffer of
    /// <c>dbms.table.source.instructions.type</c> and flushed to a file by the time/volume thresholds (or <c>flush buffers</c>).
    /// The task completes only once the rows are journaled (written and fsynced), never when they are only in memory.
    /// The result's hash is <c>"0"</c> (EdgeLake answers <c>"AnyLog.hash": "0"</c> for streaming calls).
    /// </summary>
    ValueTask<IngestResult> AppendStreamingAsync(IngestBatch batch, CancellationToken cancellation);
}
