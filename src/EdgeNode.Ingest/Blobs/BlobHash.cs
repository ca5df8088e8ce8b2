using System.Security.Cryptography;

namespace EdgeNode.Ingest.Blobs;

/// <summary>A blob's id hash: the md5 of its bytes in lowercase hex, what <c>md5sum</c> prints (and EdgeLake's <c>file store</c> computes).</summary>
internal static class BlobHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(MD5.HashData(content));
}
