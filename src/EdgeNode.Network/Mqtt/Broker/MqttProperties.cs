namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// The properties of an MQTT 5 packet (MQTT 5 §2.2.2.2): each one the broker reads or writes, null when absent. A
/// property given twice where the specification allows it once is a protocol error.
/// </summary>
internal sealed class MqttProperties
{
    public byte? PayloadFormat { get; set; }
    public uint? MessageExpiry { get; set; }
    public string? ContentType { get; set; }
    public string? ResponseTopic { get; set; }
    public byte[]? CorrelationData { get; set; }
    public List<uint>? SubscriptionIds { get; set; }
    public uint? SessionExpiry { get; set; }
    public string? AssignedClientId { get; set; }
    public ushort? ServerKeepAlive { get; set; }
    public string? AuthenticationMethod { get; set; }
    public byte[]? AuthenticationData { get; set; }
    public byte? RequestProblemInformation { get; set; }
    public uint? WillDelay { get; set; }
    public byte? RequestResponseInformation { get; set; }
    public string? ReasonString { get; set; }
    public ushort? ReceiveMaximum { get; set; }
    public ushort? TopicAliasMaximum { get; set; }
    public ushort? TopicAlias { get; set; }
    public byte? MaximumQos { get; set; }
    public byte? RetainAvailable { get; set; }
    public List<KeyValuePair<string, string>>? UserProperties { get; set; }
    public uint? MaximumPacketSize { get; set; }
    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>Reads the property length and the properties that follow it.</summary>
    public static MqttProperties Read(ref WireReader reader)
    {
        var properties = new MqttProperties();
        var length = reader.VarInt();
        if (length > reader.Remaining) throw MqttProtocolException.Malformed("properties longer than the packet");
        var end = reader.Remaining - length;
        while (reader.Remaining > end)
        {
            var id = reader.Byte();
            switch (id)
            {
                case 0x01: properties.PayloadFormat = Once(properties.PayloadFormat, reader.Byte()); break;
                case 0x02: properties.MessageExpiry = Once(properties.MessageExpiry, reader.UInt32()); break;
                case 0x03: properties.ContentType = Once(properties.ContentType, reader.String()); break;
                case 0x08: properties.ResponseTopic = Once(properties.ResponseTopic, reader.String()); break;
                case 0x09: properties.CorrelationData = Once(properties.CorrelationData, reader.Binary()); break;
                case 0x0B:
                    var subscriptionId = reader.VarInt();
                    if (subscriptionId == 0) throw new MqttProtocolException(ReasonCodes.ProtocolError, "subscription identifier 0");
                    (properties.SubscriptionIds ??= []).Add(subscriptionId);
                    break;
                case 0x11: properties.SessionExpiry = Once(properties.SessionExpiry, reader.UInt32()); break;
                case 0x12: properties.AssignedClientId = Once(properties.AssignedClientId, reader.String()); break;
                case 0x13: properties.ServerKeepAlive = Once(properties.ServerKeepAlive, reader.UInt16()); break;
                case 0x15: properties.AuthenticationMethod = Once(properties.AuthenticationMethod, reader.String()); break;
                case 0x16: properties.AuthenticationData = Once(properties.AuthenticationData, reader.Binary()); break;
                case 0x17: properties.RequestProblemInformation = Once(properties.RequestProblemInformation, reader.Byte()); break;
                case 0x18: properties.WillDelay = Once(properties.WillDelay, reader.UInt32()); break;
                case 0x19: properties.RequestResponseInformation = Once(properties.RequestResponseInformation, reader.Byte()); break;
                case 0x1A or 0x1C or 0x1F: properties.ReasonString = reader.String(); break; // response information, server reference, reason string: read and ignored
                case 0x21: properties.ReceiveMaximum = Once(properties.ReceiveMaximum, reader.UInt16()); break;
                case 0x22: properties.TopicAliasMaximum = Once(properties.TopicAliasMaximum, reader.UInt16()); break;
                case 0x23: properties.TopicAlias = Once(properties.TopicAlias, reader.UInt16()); break;
                case 0x24: properties.MaximumQos = Once(properties.MaximumQos, reader.Byte()); break;
                case 0x25: properties.RetainAvailable = Once(properties.RetainAvailable, reader.Byte()); break;
                case 0x26: (properties.UserProperties ??= []).Add(new(reader.String(), reader.String())); break;
                case 0x27: properties.MaximumPacketSize = Once(properties.MaximumPacketSize, reader.UInt32()); break;
                case 0x28 or 0x29 or 0x2A: reader.Byte(); break; // availability flags: only servers send them
                default: throw MqttProtocolException.Malformed($"unknown property 0x{id:X2}");
            }
        }
        if (reader.Remaining != end) throw MqttProtocolException.Malformed("a property runs past the property length");
        return properties;
    }

    private static T Once<T>(T? existing, T value)
    {
        if (existing is not null) throw new MqttProtocolException(ReasonCodes.ProtocolError, "a property is given twice");
        return value;
    }

    /// <summary>The bytes of the properties, without their length prefix.</summary>
    public int Length()
    {
        var size = 0;
        if (PayloadFormat is not null) size += 2;
        if (MessageExpiry is not null) size += 5;
        if (ContentType is { } contentType) size += 1 + WireWriter.StringSize(contentType);
        if (ResponseTopic is { } responseTopic) size += 1 + WireWriter.StringSize(responseTopic);
        if (CorrelationData is { } correlation) size += 3 + correlation.Length;
        if (SubscriptionIds is { } ids) foreach (var id in ids) size += 1 + WireWriter.VarIntSize(id);
        if (SessionExpiry is not null) size += 5;
        if (AssignedClientId is { } assigned) size += 1 + WireWriter.StringSize(assigned);
        if (ServerKeepAlive is not null) size += 3;
        if (ReasonString is { } reason) size += 1 + WireWriter.StringSize(reason);
        if (ReceiveMaximum is not null) size += 3;
        if (TopicAliasMaximum is not null) size += 3;
        if (TopicAlias is not null) size += 3;
        if (MaximumQos is not null) size += 2;
        if (RetainAvailable is not null) size += 2;
        if (UserProperties is { } user) foreach (var (key, value) in user) size += 1 + WireWriter.StringSize(key) + WireWriter.StringSize(value);
        if (MaximumPacketSize is not null) size += 5;
        if (SharedSubscriptionAvailable is not null) size += 2;
        return size;
    }

    /// <summary>The property length then the properties; <paramref name="length"/> is <see cref="Length"/>.</summary>
    public void Write(ref WireWriter writer, int length)
    {
        writer.VarInt((uint)length);
        if (PayloadFormat is { } format) { writer.Byte(0x01); writer.Byte(format); }
        if (MessageExpiry is { } expiry) { writer.Byte(0x02); writer.UInt32(expiry); }
        if (ContentType is { } contentType) { writer.Byte(0x03); writer.String(contentType); }
        if (ResponseTopic is { } responseTopic) { writer.Byte(0x08); writer.String(responseTopic); }
        if (CorrelationData is { } correlation) { writer.Byte(0x09); writer.Binary(correlation); }
        if (SubscriptionIds is { } ids) foreach (var id in ids) { writer.Byte(0x0B); writer.VarInt(id); }
        if (SessionExpiry is { } session) { writer.Byte(0x11); writer.UInt32(session); }
        if (AssignedClientId is { } assigned) { writer.Byte(0x12); writer.String(assigned); }
        if (ServerKeepAlive is { } keepAlive) { writer.Byte(0x13); writer.UInt16(keepAlive); }
        if (ReasonString is { } reason) { writer.Byte(0x1F); writer.String(reason); }
        if (ReceiveMaximum is { } receive) { writer.Byte(0x21); writer.UInt16(receive); }
        if (TopicAliasMaximum is { } aliasMaximum) { writer.Byte(0x22); writer.UInt16(aliasMaximum); }
        if (TopicAlias is { } alias) { writer.Byte(0x23); writer.UInt16(alias); }
        if (MaximumQos is { } qos) { writer.Byte(0x24); writer.Byte(qos); }
        if (RetainAvailable is { } retain) { writer.Byte(0x25); writer.Byte(retain); }
        if (UserProperties is { } user) foreach (var (key, value) in user) { writer.Byte(0x26); writer.String(key); writer.String(value); }
        if (MaximumPacketSize is { } maximum) { writer.Byte(0x27); writer.UInt32(maximum); }
        if (SharedSubscriptionAvailable is { } shared) { writer.Byte(0x2A); writer.Byte(shared); }
    }
}
