using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Hosting;
using EdgeNode.Core.IO;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Moving data files out of the watch dir, crash-safely: a move is an atomic rename (plus a directory fsync); a
/// compressed copy is written under a temporary name, fsynced and renamed before the original is deleted, so at every
/// moment the file exists whole in at least one place.
/// </summary>
internal static partial class DataFiles
{
    /// <summary>
    /// The file's bytes (decompressed when it is gzipped) in an array of the node's pool for large buffers, given back when
    /// the result is disposed: the operator reads every file it loads whole, and a new array each time was a
    /// large-object-heap allocation, a full collection every few files.
    /// </summary>
    public static PooledBytes Read(string path, MemoryTrimmer memory)
    {
        var content = new PooledBytes(0, () => memory.LargeBuffers);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) content.WriteFrom(file, file.Length);
            else
            {
                using var input = new GZipStream(file, CompressionMode.Decompress);
                content.WriteFrom(input, file.Length * 4);
            }
            return content;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>The content without a UTF-8 byte order mark (editors on Windows write one; JSON readers refuse it).</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> content) =>
        content.Span.StartsWith("\uFEFF"u8) ? content[3..] : content;

    /// <summary>
    /// Moves <paramref name="source"/> into <paramref name="directory"/> as <paramref name="name"/> (without <c>.gz</c>):
    /// gzipped when <paramref name="compress"/> (or when it already is). <paramref name="content"/> is the file's
    /// uncompressed bytes, when the caller has them. Returns the destination path.
    /// </summary>
    public static string Move(string source, string directory, string name, bool compress, ReadOnlySpan<byte> content = default)
    {
        Directory.CreateDirectory(directory);
        var gzipped = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (gzipped || !compress) return DurableFiles.MoveInto(source, directory, gzipped ? name + ".gz" : name);
        var destination = Path.Combine(directory, name + ".gz");
        DurableFiles.WriteAtomically(destination, Gzip(content.IsEmpty ? File.ReadAllBytes(source) : content));
        Delete(source);
        return destination;
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        DurableFiles.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>
    /// Moves a file that failed to <c>err_dir/&lt;name&gt;.err_&lt;code&gt;.&lt;unique&gt;.&lt;extension&gt;</c> (SPEC §5) and writes the
    /// reason next to it as <c>&lt;name&gt;.err_&lt;code&gt;.&lt;unique&gt;.reason.txt</c>. Returns the error file's path.
    /// </summary>
    public static string MoveToErrors(string source, string errDir, ErrorCode code, string reason, DateTime now) =>
        ToErrors(Path.GetFileName(source), errDir, code, reason, now, (directory, name) => DurableFiles.MoveInto(source, directory, name));

    /// <summary>As <see cref="MoveToErrors"/>, for content that has no file yet (rows taken out of a file): written under <paramref name="fileName"/>'s error name.</summary>
    public static string WriteToErrors(string fileName, ReadOnlyMemory<byte> content, string errDir, ErrorCode code, string reason, DateTime now) =>
        ToErrors(fileName, errDir, code, reason, now, (directory, name) =>
        {
            var path = Path.Combine(directory, name);
            DurableFiles.WriteAtomically(path, content.Span);
            return path;
        });

    private static string ToErrors(string file, string errDir, ErrorCode code, string reason, DateTime now, Func<string, string, string> place)
    {
        Directory.CreateDirectory(errDir);
        var (stem, extension) = SplitExtension(file);
        var seconds = new DateTimeOffset(now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var codeText = ((int)code).ToString(CultureInfo.InvariantCulture);
        var unique = seconds;
        for (var n = 1; File.Exists(Path.Combine(errDir, $"{stem}.err_{codeText}.{unique}{extension}")); n++) unique = $"{seconds}_{n}";
        var baseName = $"{stem}.err_{codeText}.{unique}";
        WriteReason(errDir, baseName, file, code, reason, now);
        return place(errDir, baseName + extension);
    }

    /// <summary>
    /// Writes the rows of a file that were refused (the others loaded) as <c>err_dir/&lt;name&gt;.err_&lt;code&gt;.0.json</c>
    /// with its reason file. The name is the same each time the file is sorted (a file sorted again after a crash rewrites
    /// it, atomically), and <paramref name="name"/> carries a hash of its own, so that <c>reprocess error files</c> loads
    /// these rows as a new file.
    /// </summary>
    public static string WriteRefusedRows(string errDir, string name, ErrorCode code, string reason, ReadOnlySpan<byte> rows, DateTime now)
    {
        Directory.CreateDirectory(errDir);
        var (stem, extension) = SplitExtension(name);
        var baseName = $"{stem}.err_{((int)code).ToString(CultureInfo.InvariantCulture)}.0";
        WriteReason(errDir, baseName, name, code, reason, now);
        var path = Path.Combine(errDir, baseName + extension);
        DurableFiles.WriteAtomically(path, rows);
        return path;
    }

    private static void WriteReason(string errDir, string baseName, string file, ErrorCode code, string reason, DateTime now)
    {
        var text = new StringBuilder()
            .Append("file: ").Append(file).Append('\n')
            .Append("error: ").Append(((int)code).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ErrorCodes.Text(code)).Append('\n')
            .Append("reason: ").Append(reason).Append('\n')
            .Append("time: ").Append(now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .ToString();
        DurableFiles.WriteAtomically(Path.Combine(errDir, baseName + ".reason.txt"), Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The inverse of <see cref="MoveToErrors"/>: <c>&lt;name&gt;.err_&lt;code&gt;.&lt;unique&gt;.&lt;extension&gt;</c> → the file's name
    /// before it failed and the error code. False for the reason files and for names the operator did not write.
    /// </summary>
    public static bool TryParseErrorName(string file, out string original, out int code)
    {
        (original, code) = ("", 0);
        var (stem, extension) = SplitExtension(file);
        var match = ErrorName().Match(stem);
        if (extension.Length == 0 || !match.Success) return false;
        original = match.Groups["name"].Value + extension;
        code = int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture);
        return true;
    }

    [GeneratedRegex(@"^(?<name>.+)\.err_(?<code>\d+)\.\d+(?:_\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorName();

    /// <summary><c>name.json.gz</c> → (<c>name</c>, <c>.json.gz</c>); the extension is what follows the data sections.</summary>
    public static (string Stem, string Extension) SplitExtension(string file)
    {
        var stem = file;
        var extension = "";
        foreach (var suffix in new[] { ".gz", ".json", ".sql" })
        {
            if (!stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            extension = stem[^suffix.Length..] + extension;
            stem = stem[..^suffix.Length];
        }
        return (stem, extension);
    }

    /// <summary>The content gzipped at the fastest level (archives are written once and read rarely).</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream(content.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return output.ToArray();
    }
}
