namespace EdgeNode.Core.Ingest;

/// <summary>
/// MQTT topic filters (MQTT 5 §4.7), for the node's broker and its subscriptions alike: levels split by '/', <c>+</c>
/// matches one level, a final <c>#</c> the rest and the parent level, and a wildcard in the first level does not match a
/// topic starting with <c>$</c> [MQTT-4.7.2-1].
/// </summary>
public static class TopicFilter
{
    /// <summary>Null when the filter is valid ('#' only as the whole last level, '+' only as a whole level), else why not.</summary>
    public static string? Validate(string filter)
    {
        if (filter.Length == 0) return "the topic name is empty";
        if (filter.Length > 65535) return "the topic name is longer than 65,535 bytes";
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c is not ('+' or '#')) continue;
            var whole = (i == 0 || filter[i - 1] == '/') && (i == filter.Length - 1 || filter[i + 1] == '/');
            if (c == '#' && (!whole || i != filter.Length - 1)) return $"'{filter}': '#' must be a whole level and the last one";
            if (!whole) return $"'{filter}': '+' must be a whole level";
        }
        return null;
    }

    public static bool IsValid(string filter) => Validate(filter) is null;

    public static bool IsWildcard(string filter) => filter.AsSpan().IndexOfAny('+', '#') >= 0;

    /// <summary>Does <paramref name="filter"/> match <paramref name="topic"/>? Level by level, without allocating.</summary>
    public static bool Matches(string filter, string topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && filter[0] is '+' or '#') return false;
        var rest = filter.AsSpan();
        var name = topic.AsSpan();
        while (true)
        {
            var fSlash = rest.IndexOf('/');
            var level = fSlash < 0 ? rest : rest[..fSlash];
            if (level is "#") return true; // also matches the parent level: "a/#" matches "a"
            var tSlash = name.IndexOf('/');
            if (level is not "+" && !level.SequenceEqual(tSlash < 0 ? name : name[..tSlash])) return false;
            if (fSlash < 0) return tSlash < 0;
            if (tSlash < 0) return rest[(fSlash + 1)..] is "#";
            rest = rest[(fSlash + 1)..];
            name = name[(tSlash + 1)..];
        }
    }
}
