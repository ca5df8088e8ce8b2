using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace EdgeNode.Benchmarks.Mqtt;

/// <summary>
/// A minimal MQTT 3.1.1 publisher on a raw socket: PUBLISH packets encoded once, written in large batches, with a window
/// of <see cref="Window"/> unacknowledged QoS 1 messages (PUBACKs read by a second loop). It costs a fraction of a
/// general-purpose client per message, so the rate it reaches is the broker's and the ingest's, not the publisher's.
/// </summary>
internal static class RawMqttPublisher
{
    public const int Window = 1000;

    public static async Task PublishAsync(int port, string topic, int count, int qos)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Connect($"bench-raw-{Guid.NewGuid():N}"));
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack);
        if (connack[0] != 0x20 || connack[3] != 0) throw new InvalidOperationException($"CONNACK refused: {connack[3]}");
        using var window = new SemaphoreSlim(qos == 0 ? int.MaxValue : Window);
        var acknowledged = qos == 0 ? Task.CompletedTask : ReadAcksAsync(stream, count, window);
        var batch = new MemoryStream(64 * 1024);
        for (var i = 0; i < count; i++)
        {
            if (!window.Wait(0))
            {
                await stream.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length));
                batch.SetLength(0);
                await window.WaitAsync();
            }
            WritePublish(batch, topic, MqttPublisher.Payload(i), qos, (ushort)(i % 65535 + 1));
            if (batch.Length >= 60 * 1024)
            {
                await stream.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length));
                batch.SetLength(0);
            }
        }
        await stream.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length));
        await acknowledged;
        await stream.WriteAsync(new byte[] { 0xE0, 0x00 }); // DISCONNECT
    }

    private static async Task ReadAcksAsync(NetworkStream stream, int count, SemaphoreSlim window)
    {
        var buffer = new byte[4 * 4096];
        int filled = 0, acks = 0;
        while (acks < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled));
            if (read == 0) throw new InvalidOperationException($"the broker closed the connection after {acks} PUBACKs");
            filled += read;
            var used = 0;
            while (filled - used >= 4)
            {
                if (buffer[used] != 0x40 || buffer[used + 1] != 0x02) throw new InvalidOperationException($"expected PUBACK, got packet type {buffer[used] >> 4}");
                used += 4;
                acks++;
                window.Release();
            }
            Array.Copy(buffer, used, buffer, 0, filled - used);
            filled -= used;
        }
    }

    private static byte[] Connect(string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var body = new MemoryStream();
        body.Write([0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C]);
        body.Write([(byte)(id.Length >> 8), (byte)id.Length]);
        body.Write(id);
        var packet = new MemoryStream();
        packet.WriteByte(0x10);
        WriteLength(packet, (int)body.Length);
        body.WriteTo(packet);
        return packet.ToArray();
    }

    private static void WritePublish(MemoryStream packet, string topic, byte[] payload, int qos, ushort id)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        packet.WriteByte((byte)(0x30 | (qos << 1)));
        WriteLength(packet, 2 + topicBytes.Length + (qos > 0 ? 2 : 0) + payload.Length);
        Span<byte> u16 = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(u16, (ushort)topicBytes.Length);
        packet.Write(u16);
        packet.Write(topicBytes);
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(u16, id);
            packet.Write(u16);
        }
        packet.Write(payload);
    }

    private static void WriteLength(MemoryStream packet, int length)
    {
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            if (length > 0) digit |= 0x80;
            packet.WriteByte(digit);
        } while (length > 0);
    }
}
