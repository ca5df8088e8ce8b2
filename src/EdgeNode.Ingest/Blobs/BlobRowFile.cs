using EdgeNode.Core.Ingest;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// The rows of a file of <c>bwatch_dir</c>: one JSON object per line, each naming its blobs in the blob columns (the
/// <c>file</c> column, or those a mapping policy marks with <c>hash</c>). A line that is not a JSON object fails the
/// whole file; a row that names no valid blob is rejected on its own.
/// </summary>
internal sealed class BlobRowFile
{
    private BlobRowFile(List<ReadOnlyMemory<byte>> lines, List<(IReadOnlyList<BlobId> Blobs, string? Error)> rows)
    {
        Lines = lines;
        Rows = rows;
    }

    /// <summary>Each row's line, without its end of line.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Lines { get; }

    /// <summary>Each row's blobs, or why the row names no valid blob.</summary>
    public IReadOnlyList<(IReadOnlyList<BlobId> Blobs, string? Error)> Rows { get; }

    public static BlobRowFile Parse(ReadOnlyMemory<byte> content, IReadOnlyList<string> columns)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var rows = new List<(IReadOnlyList<BlobId>, string?)>();
        var rest = content;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            lines.Add(line);
            rows.Add(ReadRow(line, columns, lines.Count));
        }
        if (lines.Count == 0) throw new BlobFileException(ErrorCode.JsonError, "the file holds no rows");
        return new BlobRowFile(lines, rows);
    }

    private static (IReadOnlyList<BlobId>, string?) ReadRow(ReadOnlyMemory<byte> line, IReadOnlyList<string> columns, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new BlobFileException(ErrorCode.JsonError, $"line {number} is not valid JSON (byte {(e.BytePositionInLine ?? 0) + 1})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BlobFileException(ErrorCode.JsonError, $"line {number} is not a JSON object");
            var blobs = new List<BlobId>(columns.Count);
            foreach (var column in columns)
            {
                if (!TryGetValue(document.RootElement, column, out var value))
                    return ([], $"row {number} has no '{column}' value naming its blob");
                if (value.ValueKind != JsonValueKind.String) return ([], $"row {number}: '{column}' is not a string naming a blob");
                if (!BlobId.TryParse(value.GetString()!, out var id, out var error)) return ([], $"row {number}: {error}");
                blobs.Add(id);
            }
            return (blobs, null);
        }
    }

    /// <summary>The column as written, else as the operator names it (lowercase, normalised).</summary>
    private static bool TryGetValue(JsonElement row, string column, out JsonElement value) =>
        row.TryGetProperty(column, out value) || row.TryGetProperty(ColumnNames.Normalize(column), out value);
}
