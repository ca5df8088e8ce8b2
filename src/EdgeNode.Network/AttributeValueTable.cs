using EdgeNode.Core.Output;

namespace EdgeNode.Network;

/// <summary>
/// EdgeLake's <c>Attribute | Value</c> tables (<c>get rest server info</c>): every value left-aligned, numbers and IPs
/// included, with a space on each side.
/// </summary>
internal static class AttributeValueTable
{
    public static string Format(IEnumerable<(string Attribute, string Value)> rows) =>
        TableFormatter.Format(["Attribute", "Value"], rows.Select(r => (IReadOnlyList<object?>)[r.Attribute, new LeftAligned($" {r.Value} ")]));

    /// <summary>A table cell shown left-aligned even when it looks like a number.</summary>
    private sealed record LeftAligned(string Text)
    {
        public override string ToString() => Text;
    }
}
