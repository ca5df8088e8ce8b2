using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Layer;

/// <summary>An operator policy as the layer keeps it: name, member id, main flag and its addresses.</summary>
internal sealed record OperatorEntry(Policy Policy, string Name, long? MemberId, bool IsMain, string ExternalIp, string? LocalIp, string Port)
{
    public string ExternalIpPort => $"{ExternalIp}:{Port}";

    public string? LocalIpPort => LocalIp is null ? null : $"{LocalIp}:{Port}";

    /// <summary>The address to reach it from a node whose external ip is <paramref name="myExternalIp"/>: behind the same NAT, the local ip.</summary>
    public string AddressFrom(string myExternalIp) => LocalIp is not null && ExternalIp == myExternalIp ? LocalIpPort! : ExternalIpPort;

    public static OperatorEntry? From(Policy policy)
    {
        var ip = policy.Text("ip") ?? policy.Text("local_ip");
        var port = policy.Text("port");
        if (ip is null || port is null) return null;
        return new OperatorEntry(policy, policy.Name ?? "", policy.Integer("member"), policy.Flag("main") == true, ip,
            policy.Text("local_ip") is { } local && local != ip ? local : null, port);
    }
}
