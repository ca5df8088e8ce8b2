using EdgeNode.Core.Commands;

namespace EdgeNode.Ingest.Blobs;

/// <summary>Why a row's blob was not stored, and the blob file to move to the error dir with the row (null when there is none).</summary>
internal sealed record BlobRejection(ErrorCode Code, string Reason, string? BlobPath = null);
