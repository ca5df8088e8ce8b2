namespace EdgeNode.Ingest.Streaming;

/// <summary>The counters <c>get streaming</c> shows per dbms.table.</summary>
internal sealed class TableStreamingStats
{
    public long PutFiles;
    public long PutRows;
    public long StreamingCalls;
    public long StreamingRows;
    public long ImmediateRows;
    public DateTime LastProcess = DateTime.UtcNow;
}
