using System.Text.RegularExpressions;

namespace EdgeNode.TestSupport;

/// <summary>
/// A query reply's statistics carry the time the query took (<c>"Time":"hh:mm:ss"</c>). On a loaded machine a query can
/// cross a second, so tests compare every other byte of the reply exactly and the time by its shape only.
/// </summary>
public static partial class QueryReplies
{
    public static string Untimed(string reply) => ElapsedTime().Replace(reply, "\"Time\":\"00:00:00\"");

    [GeneratedRegex("\"Time\":\"\\d\\d:[0-5]\\d:[0-5]\\d\"")]
    private static partial Regex ElapsedTime();
}
