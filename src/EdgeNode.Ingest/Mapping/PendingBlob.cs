namespace EdgeNode.Ingest.Mapping;

/// <summary>A blob a message carried, mapped but not stored yet: its md5, its file type and its bytes.</summary>
public sealed record PendingBlob(string Hash, string Extension, byte[] Content)
{
    /// <summary>What the row's blob column holds: <c>&lt;md5&gt;.&lt;file type&gt;</c>, or the md5 alone.</summary>
    public string Id => Extension.Length == 0 ? Hash : Hash + "." + Extension;
}
