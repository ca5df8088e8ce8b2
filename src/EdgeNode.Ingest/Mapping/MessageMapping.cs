using EdgeNode.Core.Ingest;
using System.Text.Json;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// A compiled mapping from a JSON message to rows (SPEC §8, and mapping policies of SPEC §2): the destination dbms and
/// table (names or <c>bring</c> values), and the columns. A message gives one row, or one row per element of the list
/// its <c>[]</c> paths iterate; constant columns come first in each row, then the per-element ones, in declaration
/// order. A message that is a JSON list is mapped element by element. Without columns the message's attributes are the
/// row. Thread-safe: compiled once, used by every message of the topic.
/// </summary>
public sealed class MessageMapping
{
    private readonly MappedColumn[] _ordered;
    private readonly BringPath? _iterated;

    public MessageMapping(MappedValue dbms, MappedValue table, IReadOnlyList<MappedColumn> columns)
    {
        Dbms = dbms;
        Table = table;
        Columns = columns;
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new MappingException($"column '{duplicate.Key}' is declared more than once");
        _ordered = [.. columns.Where(c => !c.Iterates), .. columns.Where(c => c.Iterates)];
        var iterated = columns.Select(c => c.Value.Bring?.IteratedPath ?? c.TypeSource?.Bring?.IteratedPath)
            .Concat([dbms.Bring?.IteratedPath, table.Bring?.IteratedPath]).Where(p => p is not null).ToList();
        _iterated = iterated.FirstOrDefault();
        var lists = iterated.Select(p => ListPath(p!)).Distinct().ToList();
        if (lists.Count > 1)
            throw new MappingException($"the '[]' paths iterate different lists ({string.Join(", ", lists)}): a message can be split over one list only");
    }

    public MappedValue Dbms { get; }
    public MappedValue Table { get; }

    /// <summary>The columns in declaration order.</summary>
    public IReadOnlyList<MappedColumn> Columns { get; }

    /// <summary>Maps a UTF-8 JSON message; throws <see cref="MappingException"/> with the reason when it cannot.</summary>
    public void Map(JsonElement message, DateTime now, MappedRows output)
    {
        switch (message.ValueKind)
        {
            case JsonValueKind.Object:
                MapObject(message, now, output);
                break;
            case JsonValueKind.Array:
                foreach (var element in message.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.Object) throw new MappingException("the message is a list whose elements are not all JSON objects");
                    MapObject(element, now, output);
                }
                break;
            default:
                throw new MappingException($"the message is not a JSON object but {Describe(message.ValueKind)}");
        }
    }

    private void MapObject(JsonElement root, DateTime now, MappedRows output)
    {
        if (_iterated is null)
        {
            MapRow(root, null, now, output);
            return;
        }
        var list = _iterated.List(root);
        if (list is { ValueKind: JsonValueKind.Array } array)
        {
            // one row per element, enumerated once (every [] path iterates this list)
            foreach (var item in array.EnumerateArray()) MapRow(root, item, now, output);
        }
        else if (list is not null)
        {
            throw new MappingException($"{ListPath(_iterated)} is not a list");
        }
        else if (_ordered.Where(c => c.Iterates).All(c => c.Optional || c.Default is not null))
        {
            MapRow(root, null, now, output); // the list is missing and its columns may be: one row without them
        }
        else
        {
            throw new MappingException($"{ListPath(_iterated)} is not in the message");
        }
    }

    private void MapRow(JsonElement root, JsonElement? item, DateTime now, MappedRows output)
    {
        var dbms = Name(Dbms, root, item, now, "dbms");
        var table = Name(Table, root, item, now, "table");
        var writer = output.BeginRow(dbms, table, out var tableRows);
        if (_ordered.Length == 0)
        {
            root.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            foreach (var column in _ordered) column.Write(writer, root, item, now, tableRows);
            writer.WriteEndObject();
        }
        MappedRows.EndRow(tableRows);
    }

    /// <summary>The path of the iterated list: <c>[readings]</c> of <c>[readings][][value]</c>.</summary>
    private static string ListPath(BringPath path) => path.Text[..path.Text.IndexOf("[]", StringComparison.Ordinal)];

    private static string Name(MappedValue source, JsonElement root, JsonElement? item, DateTime now, string what)
    {
        if (source.IsLiteral) return source.Text;
        var value = source.Evaluate(root, item, now)
                    ?? throw new MappingException($"{what}: {source.Text.Replace("bring ", "", StringComparison.Ordinal)} is not in the message");
        var name = ColumnNames.Normalize(value.AsText().Trim());
        return name.Length == 0 || name == "_" ? throw new MappingException($"{what}: the message gives an empty name") : name;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
