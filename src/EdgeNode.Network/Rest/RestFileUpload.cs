using System.Text.RegularExpressions;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EdgeNode.Network.Rest;

/// <summary>
/// EdgeLake's REST way to store a blob: <c>POST</c> with <c>command: file store where dbms = .. and table = .. [and dest =
/// name]</c> and the file as the body, raw (<c>Content-Type: application/octet-stream</c>, <c>curl --data-binary @f</c>) or
/// as a form (<c>curl -F "file=@f"</c>). The bytes are written to a folder of <c>!tmp_dir</c> under the form's file name
/// (or <c>dest</c>), <c>file store</c> runs with <c>source =</c> that file, and the folder is removed.
/// </summary>
internal sealed partial class RestFileUpload(Node node, RestCommandExecutor commands)
{
    private const string DefaultName = "blob";

    /// <summary>True for a <c>file store</c> command that names no source file: the body is the file.</summary>
    public static bool Applies(string command) => FileStore().IsMatch(command) && !SourceOption().IsMatch(command);

    [GeneratedRegex(@"^\s*file\s+store\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileStore();

    [GeneratedRegex(@"\b(source|file)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceOption();

    [GeneratedRegex(@"\swhere\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HasWhere();

    public async Task<RestReply> StoreAsync(RestCommandCall call, string? contentType, RestBody body, CancellationToken cancellation)
    {
        var (content, fileName) = await FileOfAsync(contentType, body, cancellation);
        var folder = Path.Combine(Path.GetFullPath(node.Dictionary.Get("tmp_dir") ?? Path.Combine(node.Paths.DataDir, "tmp")), $"upload-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, SafeName(fileName));
            await File.WriteAllBytesAsync(path, content, cancellation);
            var command = $"{call.Commands[0]} {(HasWhere().IsMatch(call.Commands[0]) ? "and" : "where")} source = \"{path}\"";
            return await commands.ExecuteAsync(call with { Commands = [command] }, 0, cancellation);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The file of a form (its first file part and its name), else the whole body.</summary>
    private static async Task<(ReadOnlyMemory<byte> Content, string? FileName)> FileOfAsync(string? contentType, RestBody body, CancellationToken cancellation)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) || media.Boundary.Length == 0)
            return (body.Memory, null);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(media.Boundary).ToString(), new MemoryStream(body.Memory.ToArray(), writable: false));
        while (await reader.ReadNextSectionAsync(cancellation) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
            using var part = new MemoryStream();
            await section.Body.CopyToAsync(part, cancellation);
            return (part.ToArray(), HeaderUtilities.RemoveQuotes(disposition.FileName).ToString());
        }
        throw new InvalidDataException("the form holds no file part");
    }

    /// <summary>The file name without any folder (a client's name never chooses where the file is written).</summary>
    private static string SafeName(string? fileName)
    {
        var name = Path.GetFileName(fileName ?? "");
        return name.Length == 0 || name is "." or ".." ? DefaultName : name;
    }
}
