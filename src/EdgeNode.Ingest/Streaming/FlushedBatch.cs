namespace EdgeNode.Ingest.Streaming;

/// <summary>What one flush took out of a buffer: the rows and the journal files that hold them until the data file is durable.</summary>
internal sealed record FlushedBatch(ReadOnlyMemory<byte> Data, int Rows, List<JournalSegment> Segments);
