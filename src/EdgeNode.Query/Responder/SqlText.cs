using System.Text.RegularExpressions;

namespace EdgeNode.Query.Responder;

/// <summary>What the operator reads from a statement its parser does not handle: the table after FROM, for messages.</summary>
internal static partial class SqlText
{
    public static string TableOf(string statement)
    {
        var match = FromTable().Match(statement);
        return match.Success ? match.Groups[1].Value.Trim('"').ToLowerInvariant() : "?";
    }

    [GeneratedRegex(@"\bfrom\s+(""[^""]+""|[\w.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FromTable();
}
