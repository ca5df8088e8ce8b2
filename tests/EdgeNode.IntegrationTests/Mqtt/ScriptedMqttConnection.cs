using System.Net.Sockets;
using System.Text;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// One MQTT 3.1.1 connection of a scripted broker: the test reads the client's packets and writes the broker's, to play a
/// sequence a real broker produces only by chance (the connection lost between our PUBREC and its PUBREL).
/// </summary>
internal sealed class ScriptedMqttConnection(TcpClient client) : IDisposable
{
    private const int Connect = 1, Subscribe = 8, PingRequest = 12;

    private readonly NetworkStream _stream = client.GetStream();

    public static async Task<ScriptedMqttConnection> AcceptAsync(TcpListener listener, CancellationToken cancellation) =>
        new(await listener.AcceptTcpClientAsync(cancellation));

    /// <summary>Reads packets until one of <paramref name="type"/> (answering PINGREQs) and returns its body.</summary>
    public async Task<byte[]> ExpectAsync(int type, CancellationToken cancellation)
    {
        while (true)
        {
            var first = await ReadByteAsync(cancellation);
            int length = 0, shift = 0, digit;
            do
            {
                digit = await ReadByteAsync(cancellation);
                length |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            var body = new byte[length];
            await _stream.ReadExactlyAsync(body, cancellation);
            if (first >> 4 == type) return body;
            if (first >> 4 != PingRequest) throw new InvalidOperationException($"expected an MQTT packet of type {type}, got {first >> 4}");
            await WriteAsync([0xD0, 0x00], cancellation);
        }
    }

    private async Task<byte> ReadByteAsync(CancellationToken cancellation)
    {
        var one = new byte[1];
        await _stream.ReadExactlyAsync(one, cancellation);
        return one[0];
    }

    public Task WriteAsync(byte[] packet, CancellationToken cancellation) => _stream.WriteAsync(packet, cancellation).AsTask();

    /// <summary>CONNECT → CONNACK (with or without the session), SUBSCRIBE → SUBACK granting QoS 2.</summary>
    public async Task AcceptClientAsync(bool sessionPresent, CancellationToken cancellation)
    {
        await ExpectAsync(Connect, cancellation);
        await WriteAsync([0x20, 0x02, (byte)(sessionPresent ? 1 : 0), 0x00], cancellation);
        var subscribe = await ExpectAsync(Subscribe, cancellation);
        await WriteAsync([0x90, 0x03, subscribe[0], subscribe[1], 0x02], cancellation);
    }

    /// <summary>A QoS 2 PUBLISH (short: its remaining length fits one byte), with DUP set for a retransmission.</summary>
    public static byte[] PublishExactlyOnce(string topic, ushort packetId, string payload, bool duplicate)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        byte[] body = [(byte)(name.Length >> 8), (byte)name.Length, .. name, (byte)(packetId >> 8), (byte)packetId, .. Encoding.UTF8.GetBytes(payload)];
        return [(byte)(duplicate ? 0x3C : 0x34), (byte)body.Length, .. body];
    }

    public void Dispose() => client.Dispose();
}
