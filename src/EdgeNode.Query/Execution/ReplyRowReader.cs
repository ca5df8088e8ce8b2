using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Wire;

namespace EdgeNode.Query.Execution;

/// <summary>
/// Reads the rows of <c>job reply</c> segments, <c>{"Query":[{"0":"4","1":"2026-01-15T08:30:00Z"}, ...]}</c>, into values
/// in the order of the plan's remote columns. Keys are positions, as EdgeLake's operators (and EdgeNode's) send them:
/// key k is the k-th column the operator fills (the plan's columns less the <c>extend</c> constants this node adds).
/// A key that is not a number is matched by column name (rows of nodes that name their columns); an unknown key is
/// ignored, a missing column is NULL. Text values become values by the column's type (<see cref="WireValues.Read"/>,
/// <c>""</c> is NULL); JSON numbers, booleans and nulls are taken as they are.
/// </summary>
internal sealed class ReplyRowReader
{
    private readonly byte[][] _names;
    private readonly ColumnType[] _types;
    private readonly int[] _positions;

    public ReplyRowReader(QueryPlan plan)
    {
        var columns = plan.RemoteColumns;
        _names = columns.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
        _types = columns.Select(c => c.Type).ToArray();
        _positions = Enumerable.Range(0, columns.Count).Where(i => i >= plan.Extend.Count || plan.Extend[i].FromOperator).ToArray();
    }

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
            values[index] = Value(ref reader, _types[index]);
            position = index + 1;
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("a row is not a JSON object");
        return values;
    }

    /// <summary>The column a key names: a position (the usual form), else a column name, the expected one tried first.</summary>
    private int IndexOf(ref Utf8JsonReader reader, int expected)
    {
        var key = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (key.Length is > 0 and < 10 && Utf8Parser.TryParse(key, out int number, out var consumed) && consumed == key.Length)
            return number >= 0 && number < _positions.Length ? _positions[number] : -1;
        if (expected < _names.Length && reader.ValueTextEquals(_names[expected])) return expected;
        for (var i = 0; i < _names.Length; i++)
            if (i != expected && reader.ValueTextEquals(_names[i])) return i;
        return -1;
    }

    private static object? Value(ref Utf8JsonReader reader, ColumnType type)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return WireValues.Read(reader.GetString()!, type);
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
