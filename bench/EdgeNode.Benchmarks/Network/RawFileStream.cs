using System.Net;
using System.Net.Sockets;

namespace EdgeNode.Benchmarks.Network;

/// <summary>
/// The baseline for a file transfer: the file's bytes streamed over one raw socket in 64 KB writes, the receiver writing
/// them to a file and flushing it to disk at the end, as a transfer that lands a file must. No framing, no hash.
/// </summary>
internal static class RawFileStream
{
    private const int Chunk = 64 * 1024;

    public static async Task CopyAsync(string source, string destination)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var receiving = ReceiveAsync(listener, destination);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            await socket.ConnectAsync(listener.LocalEndPoint!);
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var buffer = new byte[Chunk];
            int read;
            while ((read = input.Read(buffer)) > 0) await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }
        await receiving;
    }

    private static async Task ReceiveAsync(Socket listener, string destination)
    {
        using var connection = await listener.AcceptAsync();
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[Chunk];
        int read;
        while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None)) > 0) output.Write(buffer, 0, read);
        output.Flush(flushToDisk: true);
    }
}
