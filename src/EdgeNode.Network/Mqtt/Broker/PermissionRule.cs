namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// One line of the broker's permissions: <c>allow|deny subscribe|publish &lt;topic filter&gt; [user &lt;name&gt;]</c>.
/// A rule without a user applies to every client.
/// </summary>
internal sealed record PermissionRule(bool Allow, bool Subscribe, string Filter, string? User)
{
    public bool AppliesTo(bool subscribe, string? user) => Subscribe == subscribe && (User is null || User == user);

    /// <summary>Parses one line; throws <see cref="FormatException"/> with the reason.</summary>
    public static PermissionRule Parse(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is not (3 or 5) || words[0] is not ("allow" or "deny") || words[1] is not ("subscribe" or "publish")
            || (words.Length == 5 && words[3] != "user"))
            throw new FormatException($"'{line}': expected 'allow|deny subscribe|publish <topic filter> [user <name>]'");
        if (!TopicFilters.IsValidFilter(words[2])) throw new FormatException($"'{line}': '{words[2]}' is not a valid topic filter");
        return new PermissionRule(words[0] == "allow", words[1] == "subscribe", words[2], words.Length == 5 ? words[4] : null);
    }
}
