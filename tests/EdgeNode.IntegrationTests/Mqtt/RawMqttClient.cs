using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// An MQTT client at the packet level, encoded and decoded by MQTTnet's formatter (independent of the broker's codec):
/// the test sends exactly the packets it means to and sees every packet the broker sends (packet ids, DUP, properties),
/// and can drop the connection at any point, as a crashing device does.
/// </summary>
internal sealed class RawMqttClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MqttPacketFormatterAdapter _formatter;

    private RawMqttClient(TcpClient tcp, MqttProtocolVersion version)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _formatter = new MqttPacketFormatterAdapter(version, new MqttBufferWriter(4096, 65_536));
    }

    public static TimeSpan Wait => TimeSpan.FromSeconds(10);

    public MqttConnAckPacket ConnAck { get; private set; } = null!;

    /// <summary>Connects, sends the CONNECT and reads the CONNACK (whatever its code).</summary>
    public static async Task<RawMqttClient> ConnectAsync(int port, MqttConnectPacket connect, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        var client = new RawMqttClient(tcp, version);
        await client.SendAsync(connect);
        client.ConnAck = await client.ExpectAsync<MqttConnAckPacket>();
        return client;
    }

    /// <summary>Connects with a CONNECT written byte by byte (one MQTTnet refuses to encode) and reads the CONNACK.</summary>
    public static async Task<RawMqttClient> ConnectAsync(int port, byte[] connect, MqttProtocolVersion version)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        var client = new RawMqttClient(tcp, version);
        await client.SendRawAsync(connect);
        client.ConnAck = await client.ExpectAsync<MqttConnAckPacket>();
        return client;
    }

    public async Task SendAsync(MqttPacket packet)
    {
        var buffer = _formatter.Encode(packet);
        await _stream.WriteAsync(buffer.ToArray(), TestContext.Current.CancellationToken);
        _formatter.Cleanup();
    }

    /// <summary>Sends bytes as they are (a packet MQTTnet would refuse to encode).</summary>
    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes, TestContext.Current.CancellationToken).AsTask();

    /// <summary>The next packet from the broker; null when the broker closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? Wait);
        var header = new byte[1];
        if (await _stream.ReadAsync(header, cancellation.Token) == 0) return null;
        int length = 0, shift = 0;
        byte digit;
        do
        {
            var one = new byte[1];
            await _stream.ReadExactlyAsync(one, cancellation.Token);
            digit = one[0];
            length |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, cancellation.Token);
        return _formatter.Decode(new ReceivedMqttPacket(header[0], new ArraySegment<byte>(body), 1 + length));
    }

    /// <summary>The next packet, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectAsync<T>(TimeSpan? timeout = null) where T : MqttPacket
    {
        var packet = await ReceiveAsync(timeout);
        return packet as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {packet?.ToString() ?? "the connection closed"}");
    }

    /// <summary>Nothing arrives within <paramref name="quiet"/> (the connection stays open).</summary>
    public async Task<MqttPacket?> NothingWithinAsync(TimeSpan quiet)
    {
        try
        {
            return await ReceiveAsync(quiet);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads until the broker closes the connection; returns the DISCONNECT it sent first, if any.</summary>
    public async Task<MqttDisconnectPacket?> ClosedAsync(TimeSpan? timeout = null)
    {
        MqttDisconnectPacket? disconnect = null;
        while (true)
        {
            MqttPacket? packet;
            try
            {
                packet = await ReceiveAsync(timeout);
            }
            catch (IOException)
            {
                return disconnect;
            }
            switch (packet)
            {
                case null:
                    return disconnect;
                case MqttDisconnectPacket d:
                    disconnect = d;
                    break;
            }
        }
    }

    public static MqttSubscribePacket Subscribe(ushort packetId, string filter, MQTTnet.Protocol.MqttQualityOfServiceLevel qos) => new()
    {
        PacketIdentifier = packetId,
        TopicFilters = [new MqttTopicFilter { Topic = filter, QualityOfServiceLevel = qos }],
    };

    /// <summary>Closes the socket without DISCONNECT.</summary>
    public void Dispose() => _tcp.Dispose();
}
