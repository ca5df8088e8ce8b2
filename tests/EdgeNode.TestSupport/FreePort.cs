using System.Net;
using System.Net.Sockets;

namespace EdgeNode.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers started by tests (never a fixed port: tests run in parallel).</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    public static int Get()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Handed)
                if (Handed.Add(port)) return port;
        }
    }
}
