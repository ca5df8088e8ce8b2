using System.Buffers;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>Encodes the packets the broker sends, straight into the connection's output buffer.</summary>
internal static class PacketEncoder
{
    public static void ConnAck(IBufferWriter<byte> output, int version, bool sessionPresent, byte reason, MqttProperties? properties)
    {
        var propertiesLength = version == 5 ? (properties?.Length() ?? 0) : -1;
        var remaining = 2 + PropertiesSize(propertiesLength);
        var writer = Start(output, remaining, out var size);
        writer.Header(MqttPacketType.ConnAck, 0, remaining);
        writer.Byte((byte)(sessionPresent ? 1 : 0));
        writer.Byte(reason);
        if (propertiesLength >= 0) WriteProperties(ref writer, properties, propertiesLength);
        output.Advance(size);
    }

    /// <summary>The size of the PUBLISH <see cref="Publish"/> would write, to check a client's Maximum Packet Size.</summary>
    public static int PublishSize(string topic, byte qos, MqttProperties? properties, int payloadLength, int version) =>
        WireWriter.PacketSize(PublishRemaining(topic, qos, version == 5 ? properties?.Length() ?? 0 : -1, payloadLength));

    private static int PublishRemaining(string topic, byte qos, int propertiesLength, int payloadLength) =>
        WireWriter.StringSize(topic) + (qos > 0 ? 2 : 0) + PropertiesSize(propertiesLength) + payloadLength;

    public static void Publish(IBufferWriter<byte> output, int version, string topic, ushort packetId, byte qos, bool dup, bool retain,
        MqttProperties? properties, ReadOnlySpan<byte> payload)
    {
        var propertiesLength = version == 5 ? (properties?.Length() ?? 0) : -1;
        var remaining = PublishRemaining(topic, qos, propertiesLength, payload.Length);
        var writer = Start(output, remaining, out var size);
        writer.Header(MqttPacketType.Publish, (dup ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0), remaining);
        writer.String(topic);
        if (qos > 0) writer.UInt16(packetId);
        if (propertiesLength >= 0) WriteProperties(ref writer, properties, propertiesLength);
        writer.Bytes(payload);
        output.Advance(size);
    }

    /// <summary>PUBACK, PUBREC, PUBREL (flags 0010) or PUBCOMP; MQTT 5 leaves a success code out [MQTT-3.4.2-1].</summary>
    public static void Acknowledgement(IBufferWriter<byte> output, MqttPacketType type, ushort packetId, byte reason, int version)
    {
        var withReason = version == 5 && reason != ReasonCodes.Success;
        var remaining = withReason ? 3 : 2;
        var writer = Start(output, remaining, out var size);
        writer.Header(type, type == MqttPacketType.PubRel ? 0x02 : 0, remaining);
        writer.UInt16(packetId);
        if (withReason) writer.Byte(reason);
        output.Advance(size);
    }

    /// <summary>SUBACK or UNSUBACK (MQTT 3 UNSUBACK has no codes).</summary>
    public static void SubscriptionAck(IBufferWriter<byte> output, MqttPacketType type, ushort packetId, byte[] codes, int version)
    {
        var withCodes = type == MqttPacketType.SubAck || version == 5;
        var remaining = 2 + (version == 5 ? 1 : 0) + (withCodes ? codes.Length : 0);
        var writer = Start(output, remaining, out var size);
        writer.Header(type, 0, remaining);
        writer.UInt16(packetId);
        if (version == 5) writer.VarInt(0);
        if (withCodes) writer.Bytes(codes);
        output.Advance(size);
    }

    public static void PingResp(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)((int)MqttPacketType.PingResp << 4);
        span[1] = 0;
        output.Advance(2);
    }

    /// <summary>An MQTT 5 DISCONNECT from the server, with its reason and a reason string.</summary>
    public static void Disconnect(IBufferWriter<byte> output, byte reason, string? reasonString)
    {
        var properties = reasonString is null ? null : new MqttProperties { ReasonString = Truncate(reasonString) };
        var propertiesLength = properties?.Length() ?? 0;
        var remaining = 1 + PropertiesSize(propertiesLength);
        var writer = Start(output, remaining, out var size);
        writer.Header(MqttPacketType.Disconnect, 0, remaining);
        writer.Byte(reason);
        WriteProperties(ref writer, properties, propertiesLength);
        output.Advance(size);
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] : text;

    private static int PropertiesSize(int propertiesLength) => propertiesLength < 0 ? 0 : WireWriter.VarIntSize((uint)propertiesLength) + propertiesLength;

    private static void WriteProperties(ref WireWriter writer, MqttProperties? properties, int length)
    {
        if (properties is null) writer.VarInt(0);
        else properties.Write(ref writer, length);
    }

    private static WireWriter Start(IBufferWriter<byte> output, int remaining, out int size)
    {
        size = WireWriter.PacketSize(remaining);
        return new WireWriter(output.GetSpan(size)[..size]);
    }
}
