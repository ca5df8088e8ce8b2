namespace EdgeNode.Ingest.Topics;

/// <summary>MQTT topic filters (MQTT 3.1.1 §4.7): levels split by '/', <c>+</c> matches one level, a final <c>#</c> the rest.</summary>
public static class TopicFilter
{
    /// <summary>Null when the filter is valid, else why not.</summary>
    public static string? Validate(string filter)
    {
        if (filter.Length == 0) return "the topic name is empty";
        if (filter.Length > 65535) return "the topic name is longer than 65,535 bytes";
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
                return $"'{filter}': '#' must be a whole level and the last one";
            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
                return $"'{filter}': '+' must be a whole level";
        }
        return null;
    }

    public static bool IsWildcard(string filter) => filter.Contains('+', StringComparison.Ordinal) || filter.Contains('#', StringComparison.Ordinal);

    public static bool Matches(string filter, string topic)
    {
        if (!IsWildcard(filter)) return string.Equals(filter, topic, StringComparison.Ordinal);
        // topics starting with '$' are not matched by a leading wildcard (MQTT 4.7.2)
        if (topic.Length > 0 && topic[0] == '$' && filter[0] is '+' or '#') return false;
        var f = 0;
        var t = 0;
        while (f < filter.Length)
        {
            var fEnd = filter.IndexOf('/', f);
            if (fEnd < 0) fEnd = filter.Length;
            var level = filter.AsSpan(f, fEnd - f);
            if (level is "#") return true;
            if (t > topic.Length) return false;
            var tEnd = topic.IndexOf('/', t);
            if (tEnd < 0) tEnd = topic.Length;
            if (level is not "+" && !level.SequenceEqual(topic.AsSpan(t, tEnd - t))) return false;
            f = fEnd + 1;
            t = tEnd + 1;
            if (fEnd == filter.Length) return tEnd == topic.Length;
            // "a/#" matches "a" too: the parent level
            if (tEnd == topic.Length && filter.AsSpan(f) is "#") return true;
            if (tEnd == topic.Length) return false;
        }
        return false;
    }
}
