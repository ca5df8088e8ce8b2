using System.Globalization;
using System.Text;

namespace EdgeNode.Cluster.Protocol;

/// <summary>
/// The file ids a consumer asks a peer for (<c>file deliver tsd_12 4-9,12</c>), as AnyLog writes them: comma-separated
/// ids and ranges <c>first-end</c> whose end is NOT included (<c>4-9</c> is 4 to 8; AnyLog's <c>deliver_files</c> reads
/// <c>range(start, end)</c>). A request names at most <see cref="MaxIds"/> files.
/// </summary>
internal static class IdRanges
{
    public const int MaxIds = 100_000;

    /// <summary>Ascending distinct ids → <c>4-9,12</c>.</summary>
    public static string Format(IReadOnlyList<long> ids)
    {
        var text = new StringBuilder();
        for (var i = 0; i < ids.Count;)
        {
            var start = ids[i];
            var end = start;
            while (i + 1 < ids.Count && ids[i + 1] == end + 1) end = ids[++i];
            i++;
            if (text.Length > 0) text.Append(',');
            text.Append(start.ToString(CultureInfo.InvariantCulture));
            if (end > start) text.Append('-').Append((end + 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>The ids of a list, in order; null with the reason when it is not one or names more than <see cref="MaxIds"/>.</summary>
    public static List<long>? Parse(string text, out string error)
    {
        error = "";
        var ids = new List<long>();
        if (string.IsNullOrWhiteSpace(text)) return ids;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    error = $"'{part}' is not a file id";
                    return null;
                }
                ids.Add(id);
            }
            else if (long.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                     && long.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end > start)
            {
                if (end - start > MaxIds - ids.Count)
                {
                    error = $"more than {MaxIds} file ids requested";
                    return null;
                }
                for (var id = start; id < end; id++) ids.Add(id);
            }
            else
            {
                error = $"'{part}' is not a range of file ids (first-end, the end not included)";
                return null;
            }
            if (ids.Count > MaxIds)
            {
                error = $"more than {MaxIds} file ids requested";
                return null;
            }
        }
        return ids;
    }
}
