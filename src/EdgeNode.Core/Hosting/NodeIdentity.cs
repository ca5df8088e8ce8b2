using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EdgeNode.Core.Hosting;

/// <summary>
/// Finds the node's local IP without touching the network: the first up, non-loopback IPv4 interface address, else
/// 127.0.0.1. The external IP cannot be known offline; it defaults to the local IP (set <c>external_ip</c> to override).
/// </summary>
public static class NodeIdentity
{
    public static string DiscoverLocalIp()
    {
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.OperationalStatus != OperationalStatus.Up || network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                    continue;
                foreach (var address in network.GetIPProperties().UnicastAddresses)
                    if (address.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address.Address))
                        return address.Address.ToString();
            }
        }
        catch (NetworkInformationException)
        {
            // no interface information (containers without /proc/net): fall back to loopback
        }
        return "127.0.0.1";
    }

    /// <summary>A stable node id: a random 128-bit hex value created once and kept in the node home.</summary>
    public static string LoadOrCreateNodeId(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                var existing = File.ReadAllText(path).Trim();
                if (existing.Length == 32) return existing;
            }
            var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, id);
            File.Move(temp, path, overwrite: true);
            return id;
        }
        catch (IOException)
        {
            return Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }
    }
}
