using System.Globalization;
using System.Text;

namespace EdgeNode.Cluster.Protocol;

/// <summary>
/// The "safe" (validated) file id a member holds for each TSD table, as AnyLog sends them at the end of
/// <c>event recent_tsd_info</c>: <c>*tsd_13~6*tsd_14~3*</c> (every file id up to the safe id of a table is on that
/// member); <c>*</c> when there are none.
/// </summary>
internal static class SafeIds
{
    public static string Format(IEnumerable<KeyValuePair<string, long>> ids)
    {
        var text = new StringBuilder("*");
        foreach (var (table, id) in ids) text.Append(table).Append('~').Append(id.ToString(CultureInfo.InvariantCulture)).Append('*');
        return text.ToString();
    }

    /// <summary>The entries of the text; malformed entries are skipped, as AnyLog skips them.</summary>
    public static Dictionary<string, long> Parse(string text)
    {
        var ids = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (text.Length < 2) return ids;
        foreach (var entry in text[1..^1].Split('*'))
        {
            var tilde = entry.IndexOf('~');
            if (tilde <= 0 || tilde == entry.Length - 1) continue;
            if (long.TryParse(entry.AsSpan(tilde + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                ids[entry[..tilde].ToLowerInvariant()] = id;
        }
        return ids;
    }
}
