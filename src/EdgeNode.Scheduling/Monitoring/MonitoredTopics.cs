using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeNode.Scheduling.Monitoring;

/// <summary>
/// What nodes report with <c>monitor &lt;topic&gt; where info = &lt;json&gt;</c> (EdgeLake's <c>cmd/monitor.py</c>): per topic,
/// per reporting node (its ip:port, or ip.name), the keys of its last reports merged, with the time of the last report and
/// the time between the last two. At most <see cref="MaxTopics"/> topics of <see cref="MaxNodes"/> nodes each.
/// </summary>
internal sealed class MonitoredTopics
{
    public const int MaxTopics = 100;
    public const int MaxNodes = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _topics = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Records a report; returns an error text when a bound is reached.</summary>
    public string? Report(string topic, string node, JsonObject info, DateTime now)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var nodes))
            {
                if (_topics.Count >= MaxTopics) return $"already {MaxTopics} monitored topics";
                nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
                _topics[topic] = nodes;
                _order.Add(topic);
            }
            if (!nodes.TryGetValue(node, out var entry))
            {
                if (nodes.Count >= MaxNodes) return $"topic '{topic}' already has {MaxNodes} nodes";
                entry = new JsonObject();
                nodes[node] = entry;
            }
            if (entry["Update time"]?.GetValue<string>() is { } previous) entry["Elapsed time"] = Elapsed(now - ParseTime(previous));
            entry["Update time"] = FormatTime(now);
            foreach (var (key, value) in info) entry[key] = value?.DeepClone();
            return null;
        }
    }

    public IReadOnlyList<string> Topics
    {
        get
        {
            lock (_gate) return [.. _order];
        }
    }

    /// <summary>The nodes of a topic, each with its time since the last report; null when the topic is not monitored.</summary>
    public JsonObject? Get(string topic, DateTime now)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var nodes)) return null;
            var result = new JsonObject();
            foreach (var (node, entry) in nodes)
            {
                var copy = (JsonObject)entry.DeepClone();
                if (copy["Update time"]?.GetValue<string>() is { } updated) copy["Elapsed time"] = Elapsed(now - ParseTime(updated));
                result[node] = copy;
            }
            return result;
        }
    }

    public bool Reset(string topic)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var nodes)) return false;
            nodes.Clear();
            return true;
        }
    }

    private static string FormatTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Elapsed(TimeSpan span)
    {
        var seconds = Math.Max(0, (long)span.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds % 3600 / 60:00}:{seconds % 60:00} (H:M:S)");
    }
}
