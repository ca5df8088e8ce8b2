namespace EdgeNode.Core.IO;

/// <summary>The HTTP content type of a file type (<c>png</c> → <c>image/png</c>) and back: what REST answers a blob with, and the file type of an upload.</summary>
public static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly (string Extension, string ContentType)[] Known =
    [
        ("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("gif", "image/gif"), ("bmp", "image/bmp"),
        ("webp", "image/webp"), ("tif", "image/tiff"), ("tiff", "image/tiff"), ("svg", "image/svg+xml"),
        ("mp4", "video/mp4"), ("avi", "video/x-msvideo"), ("mov", "video/quicktime"), ("mkv", "video/x-matroska"), ("webm", "video/webm"),
        ("mp3", "audio/mpeg"), ("wav", "audio/wav"), ("pdf", "application/pdf"), ("json", "application/json"), ("txt", "text/plain"),
        ("csv", "text/csv"), ("bin", Default),
    ];

    public static string Of(string extension)
    {
        foreach (var (known, type) in Known)
            if (known.Equals(extension, StringComparison.OrdinalIgnoreCase)) return type;
        return Default;
    }

    /// <summary>The file type for an upload's content type (<c>image/png</c> → <c>png</c>), or empty when unknown.</summary>
    public static string ExtensionOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return "";
        var type = contentType.Split(';')[0].Trim();
        if (type.Equals(Default, StringComparison.OrdinalIgnoreCase)) return "";
        foreach (var (extension, known) in Known)
            if (known.Equals(type, StringComparison.OrdinalIgnoreCase)) return extension;
        return "";
    }
}
