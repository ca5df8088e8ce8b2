using System.Globalization;
using System.Text;

namespace EdgeNode.FuzzTests;

/// <summary>
/// JSON rows with a bounded set of attribute names (the table cannot grow past SQLite's column limit) and hostile values:
/// names of the node's columns, names that differ in case only, names that are not identifiers, strings with lone
/// surrogates or bytes that are not UTF-8, huge numbers, nesting past the limit, truncated objects.
/// </summary>
public static class JsonRowGenerator
{
    private static readonly string[] Names =
        ["v", "d", "ts", "note", "ID", "id", "row_id", "tsd_id", "insert_timestamp", "1abc", "a-b", "a_b", "é", "x y", "", "nested"];

    public static byte[] Row(Inputs inputs)
    {
        var row = new List<byte>("{"u8.ToArray());
        for (var n = 1 + inputs.Next(4); n > 0; n--)
        {
            // 'v' is always a number, 'd' always text: a valid row loads; everything else is free to clash
            var name = inputs.Next(3) == 0 ? inputs.Pick(Names) : inputs.Pick(["v", "d"]);
            if (row.Count > 1) row.Add((byte)',');
            row.AddRange(Encoding.UTF8.GetBytes($"\"{name}\": "));
            row.AddRange(name switch
            {
                "v" => Encoding.UTF8.GetBytes(inputs.Next(10) == 0 ? "\"not a number\"" : inputs.Next(1000).ToString(CultureInfo.InvariantCulture)),
                "d" => Encoding.UTF8.GetBytes($"\"dev{inputs.Next(5)}\""),
                _ => Value(inputs),
            });
        }
        row.Add((byte)'}');
        var bytes = row.ToArray();
        return inputs.Next(20) == 0 ? bytes[..inputs.Next(bytes.Length)] : bytes;
    }

    private static byte[] Value(Inputs inputs) => inputs.Next(8) switch
    {
        0 => "\"\\ud800\""u8.ToArray(),
        1 => [(byte)'"', 0xC3, 0x28, 0xFF, (byte)'"'],
        2 => Encoding.UTF8.GetBytes(Inputs.Repeat("[", 60 + inputs.Next(10)) + Inputs.Repeat("]", 60 + inputs.Next(10))),
        3 => "1e999"u8.ToArray(),
        4 => Encoding.UTF8.GetBytes(inputs.NextLong()),
        5 => "{\"a\": [1, {\"b\": null}]}"u8.ToArray(),
        6 => "true"u8.ToArray(),
        _ => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(inputs.Mutate("text"))),
    };
}
