namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// Reads the blob a message points at with a file path (<see cref="MappedBlobSource.File"/>); throws
/// <see cref="MappingException"/> when the path is not one the network may read, or the file is missing or too large.
/// </summary>
public delegate byte[] BlobFileReader(string path);
