using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Layer;

/// <summary>An operator policy as the layer keeps it: name, member id, main flag and its addresses.</summary>
internal sealed record OperatorEntry(Policy Policy, string Name, long? MemberId, bool IsMain, string ExternalIp, string? LocalIp, string Port)
{
    public string ExternalIpPort => $"{ExternalIp}:{Port}";

    public string? LocalIpPort => LocalIp is null ? null : $"{LocalIp}:{Port}";

    /// <summary>The address to reach it from a node whose external ip is <paramref name="myExternalIp"/> (<see cref="Policy.ReachableIp"/>).</summary>
    public string AddressFrom(string myExternalIp) => $"{Policy.ReachableIp(ExternalIp, LocalIp, myExternalIp)}:{Port}";

    /// <summary>The attributes <see cref="From"/> reads, in its order.</summary>
    public static readonly string[] Attributes = ["ip", "local_ip", "port", "name", "member", "main"];

    /// <summary>An operator from its policy and the values of <see cref="Attributes"/>; null without ip or port.</summary>
    public static OperatorEntry? From(Policy policy, string?[] values)
    {
        var (ip, local, port) = (values[0] ?? values[1], values[1], values[2]);
        if (ip is null || port is null) return null;
        var member = long.TryParse(values[4], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var m)
            ? m
            : (long?)null;
        // the local address is shown even when it is the external one, as EdgeLake's 'get data nodes' shows it
        return new OperatorEntry(policy, values[3] ?? "", member, values[5] == "true", ip, local, port);
    }
}
