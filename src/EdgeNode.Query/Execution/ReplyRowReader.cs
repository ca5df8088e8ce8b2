using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeNode.Query.Planning;

namespace EdgeNode.Query.Execution;

/// <summary>
/// Reads the rows of <c>job reply</c> segments, <c>{"Query":[{"col":value,...}, ...]}</c>, into values in the order of
/// the plan's remote columns (matched by name; a missing column is NULL, an unknown one ignored): JSON integers as
/// <see cref="long"/>, other numbers as <see cref="double"/>, strings, booleans, nulls.
/// </summary>
internal sealed class ReplyRowReader
{
    private readonly byte[][] _names;

    public ReplyRowReader(IReadOnlyList<RemoteColumn> columns) =>
        _names = columns.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();

    public int Columns => _names.Length;

    /// <summary>Adds the rows of one segment to <paramref name="rows"/>; throws <see cref="JsonException"/> for a malformed one.</summary>
    public void Read(string segment, List<object?[]> rows)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(segment.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(segment, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (Next(ref reader) != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                while (Next(ref reader) == JsonTokenType.StartObject) rows.Add(Row(ref reader));
                if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("expected a list of rows");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private object?[] Row(ref Utf8JsonReader reader)
    {
        var values = new object?[_names.Length];
        var position = 0;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var index = IndexOf(ref reader, position);
            Next(ref reader);
            if (index < 0)
            {
                reader.Skip();
                continue;
            }
            values[index] = Value(ref reader);
            position = index + 1;
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("a row is not a JSON object");
        return values;
    }

    /// <summary>The column a property names: rows usually list columns in order, so the expected one is tried first.</summary>
    private int IndexOf(ref Utf8JsonReader reader, int expected)
    {
        if (expected < _names.Length && reader.ValueTextEquals(_names[expected])) return expected;
        for (var i = 0; i < _names.Length; i++)
            if (i != expected && reader.ValueTextEquals(_names[i])) return i;
        return -1;
    }

    private static object? Value(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (raw.IndexOfAny("."u8) < 0 && raw.IndexOfAny("eE"u8) < 0 && reader.TryGetInt64(out var integer)) return integer;
                return reader.GetDouble();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                // a nested value (a JSON column): kept as its text
                using (var nested = JsonDocument.ParseValue(ref reader)) return nested.RootElement.GetRawText();
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the row ends too early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new JsonException($"expected {type}, found {reader.TokenType}");
    }
}
