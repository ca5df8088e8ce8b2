namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// How a row names its blob: the md5 of the blob's bytes (32 hex digits) and the blob's file type, written
/// <c>&lt;hash&gt;.&lt;extension&gt;</c> (<c>9439d99e6b0157b11bc6775f8b0e2490.png</c>) or just the hash. The blob waits in
/// <c>blobs_dir</c> as <c>&lt;dbms&gt;.&lt;table&gt;.&lt;id&gt;</c>, EdgeLake's naming.
/// </summary>
internal readonly record struct BlobId(string Hash, string Extension)
{
    private const int MaxExtension = 16;

    public override string ToString() => Extension.Length == 0 ? Hash : Hash + "." + Extension;

    /// <summary>The blob's file name in <c>blobs_dir</c>: <c>&lt;dbms&gt;.&lt;table&gt;.&lt;hash&gt;[.&lt;extension&gt;]</c>.</summary>
    public string FileName(string dbms, string table) => $"{dbms}.{table}.{this}";

    /// <summary>Parses <c>hash[.extension]</c>; the hash is lowercased. False with the reason when it is not an id.</summary>
    public static bool TryParse(string text, out BlobId id, out string error)
    {
        id = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var hash = dot < 0 ? text : text[..dot];
        var extension = dot < 0 ? "" : text[(dot + 1)..];
        if (!IsHash(hash))
        {
            error = $"'{Shorten(text)}' is not a blob id: expected the md5 of the blob (32 hex digits), then optionally '.' and its file type";
            return false;
        }
        if (dot >= 0 && !IsExtension(extension))
        {
            error = $"'{Shorten(text)}': the file type after the hash must have 1 to {MaxExtension} letters or digits";
            return false;
        }
        id = new BlobId(hash.ToLowerInvariant(), extension.ToLowerInvariant());
        error = "";
        return true;
    }

    public static bool IsHash(string text)
    {
        if (text.Length != 32) return false;
        foreach (var c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    public static bool IsExtension(string text)
    {
        if (text.Length is 0 or > MaxExtension) return false;
        foreach (var c in text)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
