using System.Buffers;
using System.Net;
using System.Net.Sockets;
using EdgeNode.Core.Binding;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// Sends one message on a new connection, as AnyLog does: connect, write every 2048-byte block, close. A payload larger
/// than one block continues in the next blocks (the command is repeated in each, as EdgeLake reuses its buffer).
/// </summary>
internal static class MessageSender
{
    /// <summary>Blocks written per socket call when a message has many (64 KB).</summary>
    public const int BlocksPerWrite = 32;

    public static async Task<Socket> ConnectAsync(IpPort destination, CancellationToken cancellation)
    {
        var address = IPAddress.TryParse(destination.Host, out var ip) ? ip : null;
        var socket = new Socket(address?.AddressFamily ?? AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
        };
        try
        {
            if (address is not null) await socket.ConnectAsync(new IPEndPoint(address, destination.Port), cancellation);
            else await socket.ConnectAsync(destination.Host, destination.Port, cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the command with its payload (empty for most commands) to <paramref name="destination"/>.</summary>
    public static async Task SendAsync(IpPort destination, MessageHeader header, byte[] command, ReadOnlyMemory<byte> payload,
        CancellationToken cancellation)
    {
        using var socket = await ConnectAsync(destination, cancellation);
        await WriteAsync(socket, header, command, payload, cancellation);
        socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Writes the blocks of one message to a connected socket, up to <see cref="BlocksPerWrite"/> per call.</summary>
    public static async Task WriteAsync(Socket socket, MessageHeader header, byte[] command, ReadOnlyMemory<byte> payload,
        CancellationToken cancellation)
    {
        var blocks = new MessageBlocks(header, command, payload);
        var batch = Math.Min(blocks.Count, BlocksPerWrite);
        var buffer = ArrayPool<byte>.Shared.Rent(batch * WireLayout.BlockSize);
        try
        {
            while (blocks.Written < blocks.Count)
            {
                var length = 0;
                while (length < batch * WireLayout.BlockSize && blocks.WriteNext(buffer.AsSpan(length, WireLayout.BlockSize)))
                    length += WireLayout.BlockSize;
                await socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellation);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
