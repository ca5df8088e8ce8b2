using System.Net.Sockets;

namespace EdgeNode.Network;

/// <summary>Options of the sockets the node listens on.</summary>
internal static class ListenerSockets
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>
    /// Lets a restarted node bind its port while connections of its previous run linger in TIME_WAIT (SO_REUSEADDR), and
    /// nothing more: .NET's <see cref="SocketOptionName.ReuseAddress"/> also sets SO_REUSEPORT on Linux, which lets a second
    /// node bind a port already in use and take half its connections. A port in use must fail loudly.
    /// </summary>
    public static void AllowRebindAfterRestart(Socket socket)
    {
        if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        else if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }
}
