namespace EdgeNode.Ingest.Streaming;

/// <summary>One line of <c>get streaming</c>.</summary>
internal sealed record StreamingRow(string Table, long PutFiles, long PutRows, long StreamingCalls, long StreamingRows, long CachedRows,
    long ImmediateRows, long VolumeKb, double FillPercent, long TimeSeconds, long TimeLeft, TimeSpan SinceLastProcess);
