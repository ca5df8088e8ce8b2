using System.Globalization;

namespace EdgeNode.Cluster.Protocol;

/// <summary>
/// A member's answer to <c>event get_recent_tsd_info &lt;tsd table&gt; &lt;start&gt; &lt;end&gt;</c> (AnyLog's HA exchange):
/// <c>event recent_tsd_info &lt;tsd table&gt; &lt;first date&gt; &lt;first id&gt; &lt;last date&gt; &lt;last id&gt; *tsd_13~6*...</c>.
/// The files of the table that matter are the ids after <see cref="FirstId"/> (the last file at or before the start
/// date) up to <see cref="LastId"/>; dates are <c>yyyy-MM-dd HH:mm:ss.ffffff</c> UTC (TABs for spaces on the wire),
/// <c>0</c> when the table is empty; the last word is the sender's safe ids (<see cref="Protocol.SafeIds"/>).
/// </summary>
internal sealed record TsdSummary(string Table, string FirstDate, long FirstId, string LastDate, long LastId,
    IReadOnlyDictionary<string, long> SafeIds)
{
    public const string Event = "event recent_tsd_info";
    public const string Request = "event get_recent_tsd_info";

    public bool IsEmpty => LastId == 0 && LastDate == "0";

    /// <summary>The time as the message carries it.</summary>
    public static string FormatDate(DateTime? utc) =>
        utc is { } time ? time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) : "0";

    /// <summary>The message in wire form (words with spaces carry TABs).</summary>
    public string ToWire() =>
        string.Join(' ', Event, Table, Wire(FirstDate), FirstId.ToString(CultureInfo.InvariantCulture), Wire(LastDate),
            LastId.ToString(CultureInfo.InvariantCulture), Protocol.SafeIds.Format(SafeIds));

    /// <summary>The request a consumer sends for one TSD table and date range.</summary>
    public static string RequestWire(string table, DateTime? start, DateTime? end) =>
        string.Join(' ', Request, table, Wire(FormatDate(start)), Wire(FormatDate(end)));

    private static string Wire(string text) => text.Replace(' ', '\t');

    /// <summary>Reads the message as the text of a reply (the wire form, <c>event recent_tsd_info</c> first).</summary>
    public static TsdSummary? TryParseWire(string text, out string error)
    {
        var words = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Replace('\t', ' ')).ToArray();
        if (words.Length < 2 || !words[0].Equals("event", StringComparison.OrdinalIgnoreCase)
                             || !words[1].Equals("recent_tsd_info", StringComparison.OrdinalIgnoreCase))
        {
            error = $"not an '{Event}' message: {Shorten(text)}";
            return null;
        }
        return TryParse(words[2..], out error);
    }

    /// <summary>Reads the words after <c>event recent_tsd_info</c>: table, first date, first id, last date, last id[, safe ids].</summary>
    public static TsdSummary? TryParse(IReadOnlyList<string> words, out string error)
    {
        error = "";
        if (words.Count is < 5 or > 6)
        {
            error = $"expected '{Event} [tsd table] [first date] [first id] [last date] [last id] [safe ids]', got {words.Count} words";
            return null;
        }
        if (!IsTsdTable(words[0]))
        {
            error = $"'{words[0]}' is not a TSD table (tsd_info or tsd_[member id])";
            return null;
        }
        if (!long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var firstId)
            || !long.TryParse(words[4], NumberStyles.None, CultureInfo.InvariantCulture, out var lastId))
        {
            error = $"file ids '{words[2]}' and '{words[4]}' must be numbers";
            return null;
        }
        var safe = words.Count == 6 ? Protocol.SafeIds.Parse(words[5]) : [];
        return new TsdSummary(words[0].ToLowerInvariant(), words[1].Replace('\t', ' '), firstId, words[3].Replace('\t', ' '), lastId, safe);
    }

    /// <summary><c>tsd_info</c> or <c>tsd_&lt;member&gt;</c>.</summary>
    public static bool IsTsdTable(string name) =>
        name.Equals("tsd_info", StringComparison.OrdinalIgnoreCase)
        || (name.Length > 4 && name.StartsWith("tsd_", StringComparison.OrdinalIgnoreCase) && name.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
