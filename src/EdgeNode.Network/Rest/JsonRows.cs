using System.Buffers;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Rows of a PUT body, validated and rewritten as one compact JSON object per line (what the streamer buffers and the
/// operator reads). The body may be a JSON object, an array of objects, or objects one after another (newline-delimited,
/// pretty-printed or not). Each row must pass <see cref="RowCheck"/>, the rules the operator loads rows by, so that a row the
/// operator would refuse is refused here, to its sender. The buffer is pooled: dispose it once the rows are ingested.
/// </summary>
internal sealed class JsonRows : IDisposable
{
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = Core.Limits.InputLimits.JsonDepth };
    private byte[]? _buffer;

    private JsonRows(byte[] buffer, int length, int count)
    {
        _buffer = buffer;
        Length = length;
        Count = count;
    }

    public int Count { get; }
    public int Length { get; }
    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    /// <summary>Parses <paramref name="body"/>; on failure returns null, the error code and a message naming the row and position.</summary>
    public static JsonRows? Parse(ReadOnlySpan<byte> body, out ErrorCode code, out string error)
    {
        error = "";
        code = ErrorCode.JsonError;
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        // each row is at least "{}": at most one added '\n' per two bytes of body
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length + body.Length / 2 + 16);
        var length = 0;
        var count = 0;
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                            return Fail(buffer, $"row {count + 1} of the array is not a JSON object ({Describe(reader.TokenType)})", out error);
                        if (CopyRow(ref reader, body, buffer, ref length, count + 1) is { } bad) return Fail(buffer, bad, out code, out error);
                        count++;
                    }
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                    return Fail(buffer, $"expected JSON objects (rows) or an array of objects, found {Describe(reader.TokenType)} at byte {reader.TokenStartIndex}",
                        out error);
                if (CopyRow(ref reader, body, buffer, ref length, count + 1) is { } problem) return Fail(buffer, problem, out code, out error);
                count++;
            }
        }
        catch (JsonException e)
        {
            return Fail(buffer, $"invalid JSON after row {count}: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line", out error);
        }
        if (count == 0) return Fail(buffer, "the body holds no rows", out error);
        return new JsonRows(buffer, length, count);
    }

    /// <summary>
    /// Checks the object at the reader and copies its raw text onto one line (newlines can only be whitespace in valid
    /// JSON); returns the row's problem instead when it has one.
    /// </summary>
    private static RowProblem? CopyRow(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, byte[] buffer, ref int length, long number)
    {
        var start = (int)reader.TokenStartIndex;
        if (RowCheck.Check(ref reader, number) is { } problem) return problem;
        var row = body[start..(int)reader.BytesConsumed];
        if (row.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            row.CopyTo(buffer.AsSpan(length));
            length += row.Length;
        }
        else
        {
            foreach (var b in row)
                if (b is not ((byte)'\n' or (byte)'\r')) buffer[length++] = b;
        }
        buffer[length++] = (byte)'\n';
        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static JsonRows? Fail(byte[] buffer, RowProblem problem, out ErrorCode code, out string error)
    {
        code = problem.Code;
        return Fail(buffer, problem.Message, out error);
    }

    private static JsonRows? Fail(byte[] buffer, string message, out string error)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        error = message;
        return null;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
