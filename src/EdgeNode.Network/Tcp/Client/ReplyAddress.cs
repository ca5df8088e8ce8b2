using System.Net;
using System.Net.Sockets;
using EdgeNode.Core.Binding;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The address a peer replies to (SPEC §3.1): this node's internal TCP address when the destination is on a local or
/// private network, else its external address.
/// </summary>
internal static class ReplyAddress
{
    public static IpPort For(IpPort destination, IpPort external, IpPort @internal) =>
        IsLocalOrPrivate(destination.Host) ? @internal : external;

    public static bool IsLocalOrPrivate(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(host, out var address)) return false;
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] == 10
            || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31)
            || (bytes[0] == 192 && bytes[1] == 168)
            || (bytes[0] == 169 && bytes[1] == 254);
    }
}
