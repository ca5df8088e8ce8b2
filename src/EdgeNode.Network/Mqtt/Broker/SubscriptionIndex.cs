namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Every subscription of every session, matched against each published topic. Read without a lock (an immutable array
/// replaced on each change: subscriptions change rarely, messages arrive all the time). A session with several
/// matching subscriptions gets the message once, with the highest QoS granted and all their subscription identifiers
/// [MQTT-3.3.4-2, 3.3.4-3]; a shared subscription (<c>$share/group/filter</c>) gives each message to one member of the
/// group, a connected one first, in turn [MQTT-4.8.2-4].
/// </summary>
internal sealed class SubscriptionIndex
{
    private readonly object _gate = new();
    private volatile Entry[] _entries = [];
    private int _turn;

    /// <summary>One subscription: <see cref="Filter"/> is the filter matched (without the <c>$share/group/</c> part).</summary>
    private sealed record Entry(BrokerSession Session, string Subscribed, string Filter, string? Group, SubscriptionOptions Options);

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>Does any subscription match the topic? (Whether the message needs to be kept at all.)</summary>
    public bool AnyMatches(string topic)
    {
        foreach (var entry in _entries)
        {
            if (TopicFilters.Matches(entry.Filter, topic)) return true;
        }
        return false;
    }

    public void Add(BrokerSession session, string subscribed, SubscriptionOptions options)
    {
        var group = TopicFilters.TryParseShared(subscribed, out var name, out var inner) ? name : null;
        var entry = new Entry(session, subscribed, group is null ? subscribed : inner, group, options);
        lock (_gate)
        {
            var entries = _entries.Where(e => !(e.Session == session && e.Subscribed == subscribed)).ToList();
            entries.Add(entry);
            _entries = [.. entries];
        }
    }

    public void Remove(BrokerSession session, string subscribed)
    {
        lock (_gate) _entries = [.. _entries.Where(e => !(e.Session == session && e.Subscribed == subscribed))];
    }

    public void RemoveAll(BrokerSession session)
    {
        lock (_gate) _entries = [.. _entries.Where(e => e.Session != session)];
    }

    /// <summary>The deliveries of a message: one per session it goes to. <paramref name="allowed"/> filters sessions by permission.</summary>
    public List<(BrokerSession Session, Delivery Delivery)> Match(BrokerMessage message, Func<BrokerSession, bool> allowed)
    {
        var result = new List<(BrokerSession, Delivery)>();
        var entries = _entries;
        Dictionary<string, List<Entry>>? groups = null;
        foreach (var entry in entries)
        {
            if (!TopicFilters.Matches(entry.Filter, message.Topic)) continue;
            if (entry.Group is not null)
            {
                groups ??= new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
                var key = entry.Group + "\n" + entry.Filter;
                if (!groups.TryGetValue(key, out var members)) groups[key] = members = [];
                members.Add(entry);
                continue;
            }
            if (entry.Options.NoLocal && message.Publisher == entry.Session.ClientId) continue; // [MQTT-3.8.3-3]
            if (!allowed(entry.Session)) continue;
            Merge(result, entry, message);
        }
        if (groups is not null)
        {
            foreach (var members in groups.Values)
            {
                var candidates = members.Where(m => allowed(m.Session)).ToList();
                if (candidates.Count == 0) continue;
                var connected = candidates.Where(m => m.Session.Connection is not null).ToList();
                var pool = connected.Count > 0 ? connected : candidates;
                var chosen = pool[(int)((uint)Interlocked.Increment(ref _turn) % (uint)pool.Count)];
                result.Add((chosen.Session, new Delivery(message, Math.Min(message.Qos, chosen.Options.MaxQos), false,
                    chosen.Options.SubscriptionId > 0 ? [chosen.Options.SubscriptionId] : null)));
            }
        }
        return result;
    }

    private static void Merge(List<(BrokerSession Session, Delivery Delivery)> result, Entry entry, BrokerMessage message)
    {
        var qos = Math.Min(message.Qos, entry.Options.MaxQos);
        var retain = entry.Options.RetainAsPublished && message.Retain; // [MQTT-3.3.1-12, 3.3.1-13]
        var id = entry.Options.SubscriptionId;
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Session != entry.Session) continue;
            var existing = result[i].Delivery;
            uint[]? ids = id == 0 ? existing.SubscriptionIds : [.. existing.SubscriptionIds ?? [], id];
            result[i] = (entry.Session, new Delivery(message, Math.Max(existing.Qos, qos), existing.Retain || retain, ids));
            return;
        }
        result.Add((entry.Session, new Delivery(message, (byte)qos, retain, id > 0 ? [id] : null)));
    }
}
