namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// Where blobs are kept: the database <c>blobs_&lt;dbms&gt;</c> (<see cref="Dbms"/>), the folder archive under
/// <see cref="ArchiveRoot"/> (<see cref="Folder"/>, gzipped when <see cref="Compress"/>), or both.
/// </summary>
internal sealed record BlobDestinations(bool Dbms, bool Folder, bool Compress, string ArchiveRoot);
