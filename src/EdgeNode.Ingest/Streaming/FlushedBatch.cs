namespace EdgeNode.Ingest.Streaming;

/// <summary>What one flush took out of a buffer: the rows, the journal files that hold them until the data file is durable, and the write-immediate generation they belong to.</summary>
internal sealed record FlushedBatch(ReadOnlyMemory<byte> Data, int Rows, List<JournalSegment> Segments, ImmediateGeneration? Immediate);
