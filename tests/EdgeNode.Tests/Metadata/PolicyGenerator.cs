using System.Globalization;
using System.Text;

namespace EdgeNode.Tests.Metadata;

/// <summary>Random policies: unicode, quotes, escapes, floats, big ints, booleans, null, nested lists and dicts.</summary>
internal static class PolicyGenerator
{
    private static readonly string[] Pieces =
        ["a", "Z", "9", " ", "'", "\"", "\\", "\n", "\t", "\r", "é", "ß", "日本", "😀", "\u0007", "\u00a0", "\u200b", "\u2028", "ÿ", "\u007f", "{", ":", ","];

    private static readonly string[] Floats =
        ["1.0", "0.1", "1e-05", "1e16", "1.5e+300", "-2.5", "3.141592653589793", "1e22", "1e23", "0.0001", "0.00001", "123456789012345.6", "-0.0", "5e-324", "1.7976931348623157e308"];

    public static string Policy(Random random, int index)
    {
        var types = new[] { "tag", "config", "table", "cluster", "operator", "uns", "mapping" };
        var type = types[index % types.Length];
        var builder = new StringBuilder("{").Append(Quote(type)).Append(": {");
        var count = random.Next(1, 7);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) builder.Append(", ");
            var key = i switch { 0 => "name", 1 => "dbms", 2 => "company", _ => Text(random) };
            builder.Append(Quote(key)).Append(": ").Append(Value(random, 0));
        }
        if (type == "cluster" && random.Next(2) == 0)
            builder.Append(", \"table\": [{\"dbms\": ").Append(Quote(Text(random))).Append(", \"name\": \"t\"}]");
        return builder.Append("}}").ToString();
    }

    private static string Value(Random random, int depth) => random.Next(depth < 2 ? 8 : 6) switch
    {
        0 => Quote(Text(random)),
        1 => random.Next(-100000, 100000).ToString(CultureInfo.InvariantCulture),
        2 => Floats[random.Next(Floats.Length)],
        3 => random.Next(2) == 0 ? "true" : "false",
        4 => random.Next(3) == 0 ? "null" : "98765432109876543210",
        5 => Quote(Text(random)),
        6 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1))) + "]",
        _ => "{" + string.Join(", ", Enumerable.Range(0, random.Next(0, 3)).Select(k => Quote("k" + k) + ": " + Value(random, depth + 1))) + "}",
    };

    private static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
