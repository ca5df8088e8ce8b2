namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// <c>set reply ip = [ip|dynamic|default]</c> (SPEC §3.1): the IP this node writes in its messages' reply address,
/// instead of the internal/external choice of <see cref="ReplyAddress"/> (a node behind NAT or with several interfaces
/// names the one peers can reach). <c>dynamic</c> writes <c>0.0.0.0</c>: the receiver replies to the IP the connection
/// came from. The port stays the TCP server's. Kept across <c>exit tcp</c> / <c>run tcp server</c>.
/// </summary>
internal sealed class ReplyIpSetting
{
    public const string Dynamic = "0.0.0.0";

    private volatile string? _host;

    /// <summary>The IP replies go to, or null for the default rule.</summary>
    public string? Host
    {
        get => _host;
        set => _host = value;
    }
}
