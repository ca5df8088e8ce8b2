using System.Buffers;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Decodes the packets a client sends (MQTT 3.1, 3.1.1 and 5) from their bodies. Violations of the format are
/// <see cref="MqttProtocolException"/>s: the connection ends.
/// </summary>
internal static class PacketDecoder
{
    /// <summary>
    /// Splits one packet off the front of <paramref name="buffer"/>: false until it is whole. A remaining length above
    /// <paramref name="maximumSize"/> is refused as soon as the fixed header is read, before its body is buffered.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, long maximumSize, out byte header, out ReadOnlySequence<byte> body)
    {
        header = 0;
        body = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out header)) return false;
        long length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift == 28) throw MqttProtocolException.Malformed("remaining length longer than four bytes");
            if (!reader.TryRead(out var digit)) return false;
            length |= (long)(digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) break;
        }
        if (1 + (reader.Consumed - 1) + length > maximumSize)
            throw new MqttProtocolException(ReasonCodes.PacketTooLarge, $"a packet of {length} bytes exceeds the maximum packet size of {maximumSize}");
        if (reader.Remaining < length) return false;
        body = buffer.Slice(reader.Consumed, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    public static ConnectPacket Connect(ReadOnlySequence<byte> body)
    {
        var reader = new WireReader(body);
        var name = reader.String();
        var version = reader.Byte();
        if (!(name == "MQTT" && version is 4 or 5 || name == "MQIsdp" && version == 3))
            throw new UnsupportedProtocolException(version);
        var flags = reader.Byte();
        if ((flags & 0x01) != 0) throw MqttProtocolException.Malformed("the reserved CONNECT flag is set"); // [MQTT-3.1.2-3]
        var keepAlive = reader.UInt16();
        var properties = version == 5 ? MqttProperties.Read(ref reader) : null;
        var clientId = reader.String();
        BrokerMessage? will = null;
        uint willDelay = 0;
        var willQos = (byte)(flags >> 3 & 0x03);
        var willRetain = (flags & 0x20) != 0;
        if ((flags & 0x04) != 0)
        {
            if (willQos == 3) throw MqttProtocolException.Malformed("will QoS 3");
            var willProperties = version == 5 ? MqttProperties.Read(ref reader) : null;
            var topic = reader.String();
            TopicFilters.ValidateTopicName(topic);
            var payload = reader.Binary();
            willDelay = willProperties?.WillDelay ?? 0;
            will = Message(topic, payload, willQos, willRetain, clientId, willProperties);
        }
        else if (willQos != 0 || willRetain)
        {
            throw MqttProtocolException.Malformed("will QoS or retain set without a will"); // [MQTT-3.1.2-11, 3.1.2-13]
        }
        var userName = (flags & 0x80) != 0 ? reader.String() : null;
        var password = (flags & 0x40) != 0 ? reader.Binary() : null;
        if (!reader.End) throw MqttProtocolException.Malformed("bytes after the end of the CONNECT payload");
        return new ConnectPacket
        {
            Version = version,
            CleanStart = (flags & 0x02) != 0,
            KeepAlive = keepAlive,
            ClientId = clientId,
            Properties = properties,
            Will = will,
            WillDelay = willDelay,
            UserName = userName,
            Password = password,
        };
    }

    /// <summary>A message as the broker keeps it, from a PUBLISH or a will; the expiry becomes an absolute time.</summary>
    public static BrokerMessage Message(string topic, ReadOnlyMemory<byte> payload, byte qos, bool retain, string publisher, MqttProperties? properties) => new()
    {
        Topic = topic,
        Payload = payload,
        Qos = qos,
        Retain = retain,
        Publisher = publisher,
        PayloadFormat = properties?.PayloadFormat,
        ContentType = properties?.ContentType,
        ResponseTopic = properties?.ResponseTopic,
        CorrelationData = properties?.CorrelationData,
        UserProperties = properties?.UserProperties,
        ExpiresAt = properties?.MessageExpiry is { } seconds ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + seconds * 1000L : null,
    };

    public static PublishPacket Publish(int flags, ReadOnlySequence<byte> body, int version)
    {
        var qos = (byte)(flags >> 1 & 0x03);
        if (qos == 3) throw MqttProtocolException.Malformed("PUBLISH with QoS 3"); // [MQTT-3.3.1-4]
        var dup = (flags & 0x08) != 0;
        if (qos == 0 && dup) throw MqttProtocolException.Malformed("DUP set on a QoS 0 PUBLISH"); // [MQTT-3.3.1-2]
        var reader = new WireReader(body);
        var topic = reader.String();
        ushort packetId = 0;
        if (qos > 0)
        {
            packetId = reader.UInt16();
            if (packetId == 0) throw MqttProtocolException.Malformed("packet identifier 0");
        }
        var properties = version == 5 ? MqttProperties.Read(ref reader) : null;
        if (properties?.SubscriptionIds is not null)
            throw new MqttProtocolException(ReasonCodes.ProtocolError, "a client's PUBLISH carries a subscription identifier"); // [MQTT-3.3.4-6]
        return new PublishPacket(topic, packetId, qos, (flags & 0x01) != 0, dup, properties, reader.Rest());
    }

    public static SubscribePacket Subscribe(ReadOnlySequence<byte> body, int version)
    {
        var reader = new WireReader(body);
        var packetId = NonZeroId(ref reader);
        var subscriptionId = version == 5 ? MqttProperties.Read(ref reader).SubscriptionIds switch
        {
            null => 0u,
            [var one] => one,
            _ => throw new MqttProtocolException(ReasonCodes.ProtocolError, "more than one subscription identifier"),
        } : 0u;
        var filters = new List<(string, SubscriptionOptions)>();
        while (!reader.End) filters.Add((reader.String(), SubscriptionOptions.Parse(reader.Byte(), version, subscriptionId)));
        if (filters.Count == 0) throw new MqttProtocolException(ReasonCodes.ProtocolError, "SUBSCRIBE without a topic filter"); // [MQTT-3.8.3-2]
        return new SubscribePacket(packetId, filters);
    }

    public static UnsubscribePacket Unsubscribe(ReadOnlySequence<byte> body, int version)
    {
        var reader = new WireReader(body);
        var packetId = NonZeroId(ref reader);
        if (version == 5) MqttProperties.Read(ref reader);
        var filters = new List<string>();
        while (!reader.End) filters.Add(reader.String());
        if (filters.Count == 0) throw new MqttProtocolException(ReasonCodes.ProtocolError, "UNSUBSCRIBE without a topic filter"); // [MQTT-3.10.3-2]
        return new UnsubscribePacket(packetId, filters);
    }

    /// <summary>PUBACK, PUBREC, PUBREL or PUBCOMP: the packet id and the reason code (success when left out).</summary>
    public static (ushort PacketId, byte Reason) Acknowledgement(ReadOnlySequence<byte> body, int version)
    {
        var reader = new WireReader(body);
        var packetId = NonZeroId(ref reader);
        var reason = version == 5 && !reader.End ? reader.Byte() : ReasonCodes.Success;
        if (version == 5 && !reader.End) MqttProperties.Read(ref reader);
        return (packetId, reason);
    }

    /// <summary>DISCONNECT: its reason code and, in MQTT 5, a new session expiry interval.</summary>
    public static (byte Reason, uint? SessionExpiry) Disconnect(ReadOnlySequence<byte> body, int version)
    {
        if (version < 5 || body.IsEmpty) return (ReasonCodes.Success, null);
        var reader = new WireReader(body);
        var reason = reader.Byte();
        var properties = reader.End ? null : MqttProperties.Read(ref reader);
        return (reason, properties?.SessionExpiry);
    }

    private static ushort NonZeroId(ref WireReader reader)
    {
        var id = reader.UInt16();
        if (id == 0) throw MqttProtocolException.Malformed("packet identifier 0");
        return id;
    }
}
