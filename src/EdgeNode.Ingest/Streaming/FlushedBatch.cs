namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// What one flush took out of a buffer: the rows (their pooled bytes, disposed once the data file is written), the
/// journal files that hold them until the data file is durable, and the write-immediate generation they belong to.
/// </summary>
internal sealed record FlushedBatch(PooledBytes Bytes, int Rows, List<JournalSegment> Segments, ImmediateGeneration? Immediate)
{
    public ReadOnlyMemory<byte> Data => Bytes.WrittenMemory;
}
