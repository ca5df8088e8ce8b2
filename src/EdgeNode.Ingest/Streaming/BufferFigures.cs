namespace EdgeNode.Ingest.Streaming;

/// <summary>The streamer's buffers of one table now: rows and bytes waiting for a flush, the fill of the volume threshold, journal bytes.</summary>
internal sealed record BufferFigures(string Dbms, string Table, long Bytes, long Rows, double Fill, long JournalBytes);
