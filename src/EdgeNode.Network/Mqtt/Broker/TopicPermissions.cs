namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Per-topic subscribe and publish permissions of the broker: the first rule that applies decides, and with none
/// everything is allowed. A subscription is refused (SUBACK 0x80 [MQTT-3.9.3]) when a deny rule's filter matches the
/// filter subscribed, taken as a topic (<c>deny subscribe secret/#</c> refuses <c>secret/a</c> and <c>secret/#</c>),
/// and a message is not delivered to a client that may not subscribe to its topic (so <c>#</c> does not get around
/// the rule). A refused PUBLISH is acknowledged with 0x87 (MQTT 5) and not delivered.
/// </summary>
internal sealed class TopicPermissions(IReadOnlyList<PermissionRule> rules)
{
    public static readonly TopicPermissions AllowAll = new([]);

    public IReadOnlyList<PermissionRule> Rules { get; } = rules;

    public bool IsEmpty => Rules.Count == 0;

    public bool MaySubscribe(string? user, string filter) => Decide(true, user, filter);

    public bool MayPublish(string? user, string topic) => Decide(false, user, topic);

    /// <summary>May <paramref name="user"/> receive a message on <paramref name="topic"/>?</summary>
    public bool MayReceive(string? user, string topic) => Decide(true, user, topic);

    private bool Decide(bool subscribe, string? user, string topic)
    {
        foreach (var rule in Rules)
        {
            if (rule.AppliesTo(subscribe, user) && (rule.Filter == topic || TopicFilters.Matches(rule.Filter, topic))) return rule.Allow;
        }
        return true;
    }

    /// <summary>Rules from the where clause (deny lists) then from a file, one rule a line, '#' starting a comment.</summary>
    public static TopicPermissions From(IEnumerable<string> denySubscribe, IEnumerable<string> denyPublish, string? file)
    {
        var rules = new List<PermissionRule>();
        rules.AddRange(denySubscribe.Select(f => PermissionRule.Parse($"deny subscribe {f}")));
        rules.AddRange(denyPublish.Select(f => PermissionRule.Parse($"deny publish {f}")));
        if (file is not null)
        {
            var number = 0;
            foreach (var raw in File.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("# ", StringComparison.Ordinal) || line == "#") continue;
                try
                {
                    rules.Add(PermissionRule.Parse(line));
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{file} line {number}: {e.Message}", e);
                }
            }
        }
        return new TopicPermissions(rules);
    }
}
