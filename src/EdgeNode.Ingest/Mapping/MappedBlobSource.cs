namespace EdgeNode.Ingest.Mapping;

/// <summary>How a blob column's value becomes the blob's bytes (the <c>apply</c> of a mapping policy's blob column).</summary>
public enum MappedBlobSource : byte
{
    /// <summary>No <c>apply</c>: the value's text (UTF-8) is the blob.</summary>
    Text,
    /// <summary><c>"apply": "base64decoding"</c>: the value is the blob in base64 (EdgeLake's way to send images in JSON).</summary>
    Base64,
    /// <summary><c>"apply": "file"</c>: the value is the path of a file on this node whose bytes are the blob.</summary>
    File,
}
