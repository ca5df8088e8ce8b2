namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Topic names and filters (MQTT 5 §4.7): validation, matching with <c>+</c> and <c>#</c> (a wildcard in the first
/// level does not match a topic starting with <c>$</c> [MQTT-4.7.2-1]), and shared subscriptions
/// <c>$share/{group}/{filter}</c> (§4.8.2).
/// </summary>
internal static class TopicFilters
{
    public const string SharePrefix = "$share/";

    /// <summary>A topic name to publish to: not empty, no wildcard [MQTT-3.3.2-2, 4.7.3-1].</summary>
    public static void ValidateTopicName(string topic)
    {
        if (topic.Length == 0) throw new MqttProtocolException(ReasonCodes.TopicNameInvalid, "empty topic name");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
            throw new MqttProtocolException(ReasonCodes.TopicNameInvalid, $"topic name '{topic}' contains a wildcard");
    }

    /// <summary>True for a well-formed filter: '#' only as the whole last level, '+' only as a whole level.</summary>
    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0) return false;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c is not ('+' or '#')) continue;
            var levelStart = i == 0 || filter[i - 1] == '/';
            var levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            if (!levelStart || !levelEnd) return false;
            if (c == '#' && i != filter.Length - 1) return false;
        }
        return true;
    }

    /// <summary>Splits <c>$share/group/filter</c>; false for an ordinary filter. Throws for a malformed share name.</summary>
    public static bool TryParseShared(string filter, out string group, out string inner)
    {
        group = inner = "";
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal)) return false;
        var slash = filter.IndexOf('/', SharePrefix.Length);
        if (slash <= SharePrefix.Length || slash == filter.Length - 1) return false;
        group = filter[SharePrefix.Length..slash];
        inner = filter[(slash + 1)..];
        return group.AsSpan().IndexOfAny('+', '#') < 0;
    }

    /// <summary>A shared filter with a valid group and filter, or an ordinary valid filter.</summary>
    public static bool IsValidSubscription(string filter) =>
        filter.StartsWith(SharePrefix, StringComparison.Ordinal)
            ? TryParseShared(filter, out _, out var inner) && IsValidFilter(inner)
            : IsValidFilter(filter);

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
