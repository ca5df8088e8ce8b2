using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// The ledger file <c>blockchain.json</c> (SPEC §2): one policy per line in Python <c>json.dumps</c> form, blank lines
/// ignored, deletions appended as <c>{"deleted": { "id" : "..", "ledger" : "local" }}</c>. Appends are flushed to disk
/// (fsync) before they count; rewrites go to a temp file, fsync, then an atomic rename. A torn last line (a crash in
/// the middle of an append) is ignored when reading and moved aside before the next append.
/// </summary>
internal static class LedgerFile
{
    public const string DeletedType = "deleted";

    /// <summary>The deletion marker line, byte for byte as EdgeLake writes it.</summary>
    public static string DeletedMarker(string id) => $"{{\"deleted\": {{ \"id\" : \"{id}\", \"ledger\" : \"local\" }}}}";

    public static LedgerLoad Read(string path)
    {
        var load = new LedgerLoad();
        if (!File.Exists(path)) return load;
        load.FileExists = true;
        Parse(File.ReadAllBytes(path), load);
        return load;
    }

    /// <summary>
    /// Reads every line (in parallel: each line is checked and its type and id read without building JSON), then
    /// applies them in file order: deletions remove, a repeated id is ignored. Policies keep their line and build
    /// their JSON tree on first use.
    /// </summary>
    public static void Parse(byte[] bytes, LedgerLoad load)
    {
        var lines = SplitLines(bytes);
        var scans = new LineScan[lines.Count];
        Parallel.For(0, (lines.Count + 4095) / 4096, chunk =>
        {
            var types = new Dictionary<string, string>(StringComparer.Ordinal); // one string per type name
            for (var i = chunk * 4096; i < Math.Min(lines.Count, (chunk + 1) * 4096); i++)
            {
                var line = bytes.AsSpan(lines[i].Start, lines[i].Length);
                scans[i] = LedgerLineScanner.TryScan(line, out var type, out var id, out var local, out var error)
                    ? new LineScan(types.TryGetValue(type, out var known) ? known : types[type] = type, id, local, null)
                    : new LineScan("", "", false, error);
            }
        });
        var slots = new List<Policy?>(lines.Count);
        var index = new Dictionary<string, int>(lines.Count, StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var (start, length, number) = lines[i];
            load.Lines++;
            var scan = scans[i];
            if (scan.Error is not null)
            {
                // the last line without a newline after it: an append cut short by a crash
                if (i == lines.Count - 1 && !EndsWithNewline(bytes, start + length)) load.TornTail = Encoding.UTF8.GetString(bytes, start, length);
                else load.InvalidLines.Add((number, scan.Error));
                continue;
            }
            if (scan.Type == DeletedType)
            {
                load.DeletedMarkers++;
                if (index.Remove(scan.Id, out var slot)) slots[slot] = null;
                load.LocalIds.Remove(scan.Id);
                continue;
            }
            if (scan.Id.Length > 0)
            {
                if (!index.TryAdd(scan.Id, slots.Count))
                {
                    load.Duplicates++;
                    continue;
                }
            }
            if (scan.Local) load.LocalIds.Add(scan.Id);
            // each policy owns a copy of its line: a policy kept across reloads must not keep a whole old file alive
            slots.Add(new Policy(scan.Type, scan.Id, bytes.AsSpan(start, length).ToArray(), ParseLine));
        }
        foreach (var policy in slots)
            if (policy is not null) load.Policies.Add(policy);
    }

    /// <summary>Non-blank lines: start, length (spaces and \r trimmed) and 1-based line number.</summary>
    private static List<(int Start, int Length, int Number)> SplitLines(byte[] bytes)
    {
        var lines = new List<(int, int, int)>(Math.Max(16, bytes.Length / 300));
        var offset = 0;
        var number = 0;
        while (offset < bytes.Length)
        {
            var newline = bytes.AsSpan(offset).IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : offset + newline;
            number++;
            var start = offset;
            var stop = end;
            while (start < stop && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r') start++;
            while (stop > start && bytes[stop - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') stop--;
            if (stop > start) lines.Add((start, stop - start, number));
            offset = end + 1;
        }
        return lines;
    }

    private static bool EndsWithNewline(byte[] bytes, int from)
    {
        for (var i = from; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') return true;
        return false;
    }

    private static JsonObject ParseLine(ReadOnlyMemory<byte> line) =>
        PolicyJson.TryParse(line.Span, out var node, out var error) && node is JsonObject root
            ? root
            : throw new InvalidDataException($"a ledger line no longer parses: {error}");

    /// <summary>
    /// Appends lines and fsyncs. When the file does not end with a newline, a valid last line gets its newline and a
    /// torn one is copied to <c>&lt;file&gt;.torn.&lt;time&gt;</c> and cut off. Returns a note when it repaired something.
    /// </summary>
    public static string? Append(string path, IReadOnlyList<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var note = RepairTail(stream, path);
        stream.Seek(0, SeekOrigin.End);
        var builder = new StringBuilder();
        foreach (var line in lines) builder.Append(line).Append('\n');
        stream.Write(Encoding.UTF8.GetBytes(builder.ToString()));
        stream.Flush(flushToDisk: true);
        return note;
    }

    /// <summary>Writes the whole file anew: temp file, fsync, atomic rename over the old one.</summary>
    public static void Rewrite(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>md5 of the file bytes (the metadata version); empty when the file does not exist.</summary>
    public static string Md5(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    private static string? RepairTail(FileStream stream, string path)
    {
        if (stream.Length == 0) return null;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() == '\n') return null;
        var lastNewline = FindLastNewline(stream);
        var tailStart = lastNewline + 1;
        var tail = new byte[stream.Length - tailStart];
        stream.Seek(tailStart, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        var trimmed = tail.AsSpan().Trim(" \t\r"u8);
        if (trimmed.IsEmpty || (PolicyJson.TryParse(trimmed, out var node, out _) && node is JsonObject { Count: 1 }))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte((byte)'\n');
            return null;
        }
        var aside = $"{path}.torn.{DateTime.UtcNow.ToString("yyyyMMddHHmmssffffff", CultureInfo.InvariantCulture)}";
        using (var copy = new FileStream(aside, FileMode.CreateNew, FileAccess.Write))
        {
            copy.Write(tail);
            copy.Flush(flushToDisk: true);
        }
        stream.SetLength(tailStart);
        return $"torn last line of {path} ({tail.Length} bytes, a write cut short) moved to {aside}";
    }

    private static long FindLastNewline(FileStream stream)
    {
        var buffer = new byte[4096];
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var count = (int)(end - start);
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, count);
            var at = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (at >= 0) return start + at;
            end = start;
        }
        return -1;
    }
}
