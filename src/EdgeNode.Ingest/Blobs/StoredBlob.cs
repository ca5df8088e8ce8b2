namespace EdgeNode.Ingest.Blobs;

/// <summary>A blob found in a database or the folder archive: its id, its size, and how to read its bytes.</summary>
internal sealed record StoredBlob(BlobId Id, long Length, string Location, Func<Stream> Open);
