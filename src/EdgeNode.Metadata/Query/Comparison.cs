using System.Globalization;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// <c>key op value</c>: <c>=</c>/<c>==</c> (any of a <c>(a, b)</c> list; <c>*</c> = the attribute exists), <c>!=</c>,
/// <c>&lt; &lt;= &gt; &gt;=</c>, <c>contains</c>, <c>startswith</c>, <c>endswith</c>. Numbers compare as numbers, the rest as text without case.
/// A key reaching several values (through a list) matches when any value does.
/// </summary>
internal sealed class Comparison(PolicyPath key, string op, IReadOnlyList<string> expected) : Condition
{
    public override bool Matches(Policy policy)
    {
        var values = key.Values(policy);
        if (op == "!=")
        {
            foreach (var value in values)
                if (Policy.TextOf(value) is { } text && expected.Any(e => AreEqual(text, e))) return false;
            return true;
        }
        foreach (var value in values)
        {
            var text = Policy.TextOf(value);
            if (text is null) continue;
            if (Test(text)) return true;
        }
        return false;
    }

    public override (string Attribute, string Value)? IndexHint =>
        op is "=" or "==" && expected.Count == 1 && expected[0] != "*" && key.Segments.Length == 1 && !key.IsTypeOnly
        && !double.TryParse(expected[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? (key.Segments[0], expected[0])
            : null;

    private bool Test(string text) => op switch
    {
        "=" or "==" => expected.Any(e => e == "*" || AreEqual(text, e)),
        "contains" => text.Contains(expected[0], StringComparison.OrdinalIgnoreCase),
        "startswith" => text.StartsWith(expected[0], StringComparison.OrdinalIgnoreCase),
        "endswith" => text.EndsWith(expected[0], StringComparison.OrdinalIgnoreCase),
        _ => Order(text, expected[0]) is var order && op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => false,
        },
    };

    public static bool AreEqual(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
        || (TryNumber(a, out var x) && TryNumber(b, out var y) && x == y);

    private static int Order(string a, string b) =>
        TryNumber(a, out var x) && TryNumber(b, out var y) ? x.CompareTo(y) : string.Compare(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
