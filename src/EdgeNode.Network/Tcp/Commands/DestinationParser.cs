using System.Text.RegularExpressions;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// Parses the destination of <c>run client</c> (SPEC §3.2): <c>ip:port</c>, <c>(ip:port, ip:port)</c>, <c>(ip port)</c>,
/// <c>(!var)</c>, <c>(blockchain get operator ... bring.ip_port)</c>, <c>()</c>, each optionally followed by
/// <c>, subset = true</c> and <c>, timeout = 30</c>. This node's <c>!vars</c> are resolved first.
/// </summary>
internal static partial class DestinationParser
{
    public static ClientDestination Parse(string text, Node node)
    {
        var inner = text.Length >= 2 && text[0] == '(' && text[^1] == ')' ? text[1..^1] : text;
        inner = node.Variables.SubstituteText(inner);
        var destination = new ClientDestination();
        var targets = new List<string>();
        foreach (var part in SplitTopLevel(inner))
        {
            var option = Option().Match(part);
            if (!option.Success)
            {
                if (part.Length > 0) targets.Add(part);
                continue;
            }
            var value = option.Groups[2].Value.Trim().Trim('"');
            destination = option.Groups[1].Value.ToLowerInvariant() switch
            {
                "subset" => destination with { Subset = ValueParsers.TryParseBool(value, out var subset) ? subset : throw BadOption("subset", value) },
                _ => destination with { Timeout = ParseTimeout(value) },
            };
        }
        if (targets.Count == 0) return destination;
        if (IsCommand(targets[0])) return destination with { Lookup = string.Join(", ", targets) };
        var peers = new List<IpPort>(targets.Count);
        foreach (var target in targets) peers.Add(ParsePeer(target));
        return destination with { Peers = peers.Distinct().ToList() };
    }

    /// <summary>Every <c>host:port</c> in a command's output (EdgeLake's <c>bring.ip_port</c> prints them comma separated).</summary>
    public static List<IpPort> AddressesIn(string output)
    {
        var found = new List<IpPort>();
        foreach (Match match in Address().Matches(output))
            if (IpPort.TryParse(match.Value, out var peer) && !found.Contains(peer)) found.Add(peer);
        return found;
    }

    private static IpPort ParsePeer(string target)
    {
        if (IpPort.TryParse(target, out var peer)) return peer;
        var legacy = LegacyAddress().Match(target); // the legacy "ip port" form
        if (legacy.Success && IpPort.TryParse($"{legacy.Groups[1].Value}:{legacy.Groups[2].Value}", out peer)) return peer;
        if (target.StartsWith('!'))
            throw new CommandSyntaxException($"destination variable '{target}' is not declared", 0, ErrorCode.UndefinedVariable);
        throw new CommandSyntaxException($"destination '{target}' is not ip:port", 0, ErrorCode.DestinationNotProvided);
    }

    /// <summary>A destination that is neither <c>ip:port</c> nor <c>ip port</c> but several words is a command to run.</summary>
    private static bool IsCommand(string target) =>
        !IpPort.TryParse(target, out _) && target.IndexOfAny([' ', '\t']) > 0 && !LegacyAddress().IsMatch(target);

    private static TimeSpan ParseTimeout(string value)
    {
        if (!ValueParsers.TryParseSeconds(value, out var seconds) || seconds < 0) throw BadOption("timeout", value);
        return seconds == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }

    private static CommandSyntaxException BadOption(string key, string value) =>
        new($"run client option '{key}' has the wrong value '{value}'", 0, ErrorCode.WrongOptionType);

    /// <summary>Splits on commas outside quotes and brackets; a comma that is a value (<c>separator = ,</c>) stays.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    break;
                case ',' when depth == 0 && !IsValue(text, i):
                    yield return text[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..].Trim();
    }

    private static bool IsValue(string text, int comma)
    {
        var before = text.AsSpan(0, comma).TrimEnd();
        return before.Length > 0 && before[^1] == '=';
    }

    [GeneratedRegex(@"^\s*(\S+)\s+(\d{1,5})\s*$")]
    private static partial Regex LegacyAddress();

    [GeneratedRegex(@"^\s*(subset|timeout)\s*=\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Option();

    [GeneratedRegex(@"(?<![\w.:-])[A-Za-z0-9][A-Za-z0-9.\-]*:\d{1,5}(?![\w.:])")]
    private static partial Regex Address();
}
