using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Limits;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// The rules a JSON row must meet to be stored, checked the same way where rows come in (a REST PUT answers 400 for a row
/// that breaks them) and where they are loaded (the operator moves such a row, alone, to the error dir):
/// <list type="bullet">
/// <item>nesting at most <see cref="InputLimits.JsonDepth"/> levels (the reader's <see cref="ReaderOptions"/>);</item>
/// <item>every string and attribute name valid UTF-8 text, without lone surrogates (<c>\ud800</c>);</item>
/// <item>every attribute name usable as a column once normalized (<see cref="ColumnNames"/>): not starting with a digit,
/// not one of the node's own columns (<c>row_id</c>, <c>insert_timestamp</c>, <c>tsd_name</c>, <c>tsd_id</c>), and no
/// two attributes of a row naming the same column (<c>id</c> and <c>ID</c>): either value would be lost.</item>
/// </list>
/// </summary>
public static class RowCheck
{
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowMultipleValues = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = InputLimits.JsonDepth,
    };

    /// <summary>The node's own columns: a row cannot set them.</summary>
    public static bool IsSystemColumn(string column) => column is "row_id" or "insert_timestamp" or "tsd_name" or "tsd_id";

    /// <summary>
    /// Checks the row whose <see cref="JsonTokenType.StartObject"/> the reader is on, reading to its end (the reader is then
    /// on its <see cref="JsonTokenType.EndObject"/>, or past the problem). Null when the row is fine.
    /// </summary>
    public static RowProblem? Check(ref Utf8JsonReader reader, long row)
    {
        var depth = reader.CurrentDepth;
        HashSet<string>? columns = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!TryGetText(ref reader, out var name))
                        return new RowProblem(ErrorCode.JsonError, $"row {row}: an attribute name is not valid UTF-8 text (or holds a lone surrogate)");
                    if (reader.CurrentDepth == depth + 1 && Attribute(name, row, columns ??= new(StringComparer.Ordinal)) is { } problem) return problem;
                    break;
                case JsonTokenType.String:
                    if (!IsValidText(ref reader))
                        return new RowProblem(ErrorCode.JsonError,
                            $"row {row}: the value of a string is not valid UTF-8 text (or holds a lone surrogate \\ud800-\\udfff)");
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == depth:
                    return null;
            }
        }
        return new RowProblem(ErrorCode.JsonError, $"row {row}: the JSON object is not complete");
    }

    /// <summary>Checks one row given alone (a line of a data file); a JSON syntax error is a problem too.</summary>
    public static RowProblem? Check(ReadOnlySpan<byte> json, long row)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new RowProblem(ErrorCode.JsonError, $"row {row} is not a JSON object");
            if (Check(ref reader, row) is { } problem) return problem;
            return reader.Read() ? new RowProblem(ErrorCode.JsonError, $"row {row}: unexpected text after the JSON object") : null;
        }
        catch (JsonException e)
        {
            return new RowProblem(ErrorCode.JsonError, $"row {row}: invalid JSON at byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }
    }

    private static RowProblem? Attribute(string name, long row, HashSet<string> columns)
    {
        var column = ColumnNames.Normalize(name);
        if (IsSystemColumn(column))
            return new RowProblem(ErrorCode.InvalidAttribute,
                $"row {row}: attribute '{Excerpt.Of(name, 64)}' is named like the node's own column '{column}' (row_id, insert_timestamp, tsd_name and tsd_id are set by the node): rename it");
        if (char.IsAsciiDigit(column[0]))
            return new RowProblem(ErrorCode.InvalidAttribute,
                $"row {row}: attribute '{Excerpt.Of(name, 64)}' cannot name a column (a name that is not only digits cannot start with one)");
        if (!columns.Add(column))
            return new RowProblem(ErrorCode.InvalidAttribute,
                $"row {row}: two attributes name column '{Excerpt.Of(column, 64)}' (they repeat, or differ only in case or punctuation): one value would be lost");
        return null;
    }

    private static bool TryGetText(ref Utf8JsonReader reader, out string text)
    {
        text = "";
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan)) return false;
            text = Encoding.UTF8.GetString(reader.ValueSpan);
            return true;
        }
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsValidText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return !reader.HasValueSequence && Utf8.IsValid(reader.ValueSpan);
        var buffer = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
