using EdgeNode.Core.Binding;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The IP this node writes in its messages' reply (source) address (SPEC §3.1), instead of the internal/external choice of
/// <see cref="ReplyAddress"/>. <c>set self ip = [ip]</c> names the IP this node advertises as its own (a node behind NAT
/// or with several interfaces names the one peers know it by); <c>set reply ip = [ip|dynamic]</c> names where replies go
/// and wins over the self IP. <c>dynamic</c> writes <c>0.0.0.0</c>: the receiver replies to the IP the connection came
/// from. The port stays the TCP server's. Both are kept across <c>exit tcp</c> / <c>run tcp server</c>.
/// </summary>
internal sealed class ReplyIpSetting
{
    public const string Dynamic = "0.0.0.0";

    private volatile string? _host;
    private volatile string? _self;

    /// <summary><c>set reply ip</c>: the IP replies go to, or null for the self IP / default rule.</summary>
    public string? Host
    {
        get => _host;
        set => _host = value;
    }

    /// <summary><c>set self ip</c>: the IP this node names as its own in every message, or null for the default rule.</summary>
    public string? Self
    {
        get => _self;
        set => _self = value;
    }

    /// <summary>The address written in a message: <paramref name="address"/> (the default rule's) with the IP set by the user.</summary>
    public IpPort Apply(IpPort address) => (Host ?? Self) is { } host ? new IpPort(host, address.Port) : address;
}
