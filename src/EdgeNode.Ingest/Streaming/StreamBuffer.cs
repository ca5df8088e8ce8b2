namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// Rows waiting for a flush, for one <see cref="BufferKey"/>: the bytes (one JSON row per line), the row count, when the
/// first row arrived, and the journal segments that hold the same rows on disk until the flushed file is durable.
/// </summary>
internal sealed class StreamBuffer(BufferKey key, PooledBytes data)
{
    public BufferKey Key { get; } = key;
    public object Gate { get; } = new();

    /// <summary>Serializes flushes of this buffer (the timer and <c>flush buffers</c> may race).</summary>
    public SemaphoreSlim FlushGate { get; } = new(1, 1);

    public PooledBytes Data { get; set; } = data;
    public int Rows { get; set; }
    public DateTime? FirstRowAt { get; set; }

    /// <summary>Journal files of the rows in <see cref="Data"/>; the last one takes new appends.</summary>
    public List<JournalSegment> Segments { get; } = [];

    public int Bytes => Data.WrittenCount;

    /// <summary>Set while the buffer's rows are inserted as they arrive (write-immediate); null for a normal buffer.</summary>
    public ImmediateGeneration? Immediate { get; set; }
}
