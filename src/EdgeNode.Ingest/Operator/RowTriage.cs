using System.Buffers;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Sorts the rows of a file that failed because of a row (a value that does not fit its column, an attribute that
/// cannot be a column, a line that is not valid JSON or UTF-8). A streaming buffer's file mixes the rows of many
/// clients, each acknowledged: one client's bad row must not send the others' rows to the error dir. Each row that breaks
/// <see cref="RowCheck"/> is refused at once; the other rows load in halves, and a half that still fails is split again,
/// so only the rows that fail alone are refused. Each part loads in its own transaction under the file's tsd_info entry:
/// the first part replaces what an earlier, crashed attempt of the file committed, so sorting again after a crash loads
/// each row once.
/// </summary>
internal static class RowTriage
{
    /// <summary>A failure that one row can cause (rather than the file's name, the database or the mapping).</summary>
    public static bool IsRowLevel(Exception e) => e switch
    {
        JsonException => true,
        OperatorException o => o.Code is ErrorCode.DataTypeMismatch or ErrorCode.JsonError or ErrorCode.InvalidAttribute,
        StorageException s => s.Code is ErrorCode.DataTypeMismatch,
        InvalidOperationException => true, // a string that is not valid UTF-8 text, met while a value was read
        _ => false,
    };

    /// <summary>The rows of a file written one JSON object per line (as the streamer and REST PUT write them); null otherwise.</summary>
    public static List<ReadOnlyMemory<byte>>? Lines(ReadOnlyMemory<byte> content)
    {
        var rows = new List<ReadOnlyMemory<byte>>();
        var span = content.Span;
        var start = 0;
        while (start < span.Length)
        {
            var newline = span[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : start + newline;
            var line = span[start..end].Trim(" \t\r"u8);
            if (!line.IsEmpty)
            {
                if (line[0] != (byte)'{') return null;
                rows.Add(content[start..end]);
            }
            start = end + 1;
        }
        return rows;
    }

    /// <summary>What sorting a file's rows gave: rows loaded, and each refused row with its problem (in file order).</summary>
    public sealed record Outcome(long Loaded, List<(ReadOnlyMemory<byte> Row, RowProblem Problem)> Refused);

    /// <param name="load">Loads rows (one object per line) in one transaction, replacing the file's earlier rows when asked.</param>
    public static async Task<Outcome> SortAsync(List<ReadOnlyMemory<byte>> rows, bool replace,
        Func<ReadOnlyMemory<byte>, bool, Task<long>> load, Func<Exception, (ErrorCode Code, string Reason)> classify)
    {
        var refused = new SortedList<int, RowProblem>();
        var candidates = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (RowCheck.Check(rows[i].Span, i + 1) is { } problem) refused.Add(i, problem);
            else candidates.Add(i);
        }
        long loaded = 0;
        var replaceNext = replace;
        var parts = new Stack<List<int>>();
        if (candidates.Count > 0) parts.Push(candidates);
        while (parts.TryPop(out var part))
        {
            try
            {
                loaded += await load(Join(rows, part), replaceNext);
                replaceNext = false; // the file's earlier rows are gone with the first part; the next parts add to it
            }
            catch (Exception e) when (IsRowLevel(e))
            {
                if (part.Count == 1)
                {
                    var (code, reason) = classify(e);
                    refused.Add(part[0], new RowProblem(code, $"row {part[0] + 1} of the file: {reason}"));
                    continue;
                }
                var half = part.Count / 2;
                parts.Push(part[half..]); // the first half is tried first: rows load in file order
                parts.Push(part[..half]);
            }
        }
        return new Outcome(loaded, refused.Select(r => (rows[r.Key], r.Value)).ToList());
    }

    /// <summary>The rows at <paramref name="indexes"/>, one per line.</summary>
    public static ReadOnlyMemory<byte> Join(IReadOnlyList<ReadOnlyMemory<byte>> rows, IReadOnlyList<int> indexes)
    {
        var writer = new ArrayBufferWriter<byte>(indexes.Sum(i => rows[i].Length + 1));
        foreach (var i in indexes)
        {
            writer.Write(rows[i].Span);
            writer.Write("\n"u8);
        }
        return writer.WrittenMemory;
    }
}
