using EdgeNode.Core.Commands;

namespace EdgeNode.Ingest.Blobs;

/// <summary>A row file the archiver cannot take as a whole (its name, its JSON, its mapping policy): it goes to the error dir.</summary>
internal sealed class BlobFileException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;
}
