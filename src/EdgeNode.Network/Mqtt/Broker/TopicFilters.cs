using EdgeNode.Core.Ingest;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Topic names and filters as the broker checks them (MQTT 5 §4.7): topic names to publish to, filters and their matching
/// (<see cref="TopicFilter"/>, shared with the node's subscriptions), and shared subscriptions
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
    public static bool IsValidFilter(string filter) => TopicFilter.IsValid(filter);

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

    public static bool Matches(string filter, string topic) => TopicFilter.Matches(filter, topic);
}
