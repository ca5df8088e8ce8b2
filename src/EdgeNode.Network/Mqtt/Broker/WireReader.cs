using System.Buffers;
using System.Text;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>Reads MQTT's data types (MQTT 5 §1.5) from a packet body; anything short or invalid is a malformed packet.</summary>
internal ref struct WireReader(ReadOnlySequence<byte> body)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SequenceReader<byte> _reader = new(body);

    public readonly long Remaining => _reader.Remaining;

    public readonly bool End => _reader.End;

    public byte Byte()
    {
        if (!_reader.TryRead(out var value)) throw MqttProtocolException.Malformed("packet ends early");
        return value;
    }

    public ushort UInt16()
    {
        if (!_reader.TryReadBigEndian(out short value)) throw MqttProtocolException.Malformed("packet ends early");
        return (ushort)value;
    }

    public uint UInt32()
    {
        if (!_reader.TryReadBigEndian(out int value)) throw MqttProtocolException.Malformed("packet ends early");
        return (uint)value;
    }

    /// <summary>A Variable Byte Integer: at most four bytes.</summary>
    public uint VarInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 28; shift += 7)
        {
            var digit = Byte();
            value |= (uint)(digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) return value;
        }
        throw MqttProtocolException.Malformed("variable byte integer longer than four bytes");
    }

    /// <summary>A UTF-8 string: well-formed, without U+0000 [MQTT-1.5.4-1, 1.5.4-2].</summary>
    public string String()
    {
        var length = UInt16();
        if (_reader.Remaining < length) throw MqttProtocolException.Malformed("string longer than the packet");
        var bytes = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MqttProtocolException.Malformed("a string is not valid UTF-8");
        }
        if (text.Contains('\0', StringComparison.Ordinal)) throw MqttProtocolException.Malformed("a string contains U+0000");
        return text;
    }

    public byte[] Binary()
    {
        var length = UInt16();
        return Bytes(length);
    }

    public byte[] Bytes(long length)
    {
        if (_reader.Remaining < length) throw MqttProtocolException.Malformed("binary data longer than the packet");
        var bytes = _reader.UnreadSequence.Slice(0, length).ToArray();
        _reader.Advance(length);
        return bytes;
    }

    /// <summary>What is left of the packet (the payload of a PUBLISH), without copying.</summary>
    public ReadOnlySequence<byte> Rest()
    {
        var rest = _reader.UnreadSequence;
        _reader.AdvanceToEnd();
        return rest;
    }
}
