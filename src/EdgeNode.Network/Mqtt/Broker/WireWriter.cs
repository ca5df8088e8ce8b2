using System.Buffers.Binary;
using System.Text;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>Writes MQTT's data types into a span sized beforehand with the <c>Size</c> helpers.</summary>
internal ref struct WireWriter(Span<byte> span)
{
    private readonly Span<byte> _span = span;
    private int _position;

    public readonly int Position => _position;

    public static int VarIntSize(uint value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public static int StringSize(string text) => 2 + Encoding.UTF8.GetByteCount(text);

    /// <summary>The whole packet: fixed header byte, remaining length, body.</summary>
    public static int PacketSize(int remaining) => 1 + VarIntSize((uint)remaining) + remaining;

    public void Byte(byte value) => _span[_position++] = value;

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void VarInt(uint value)
    {
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            if (value > 0) digit |= 0x80;
            Byte(digit);
        } while (value > 0);
    }

    public void String(string text)
    {
        var length = Encoding.UTF8.GetBytes(text, _span[(_position + 2)..]);
        UInt16((ushort)length);
        _position += length;
    }

    public void Binary(ReadOnlySpan<byte> bytes)
    {
        UInt16((ushort)bytes.Length);
        Bytes(bytes);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    /// <summary>The fixed header: type and flags, then the remaining length.</summary>
    public void Header(MqttPacketType type, int flags, int remaining)
    {
        Byte((byte)((int)type << 4 | flags));
        VarInt((uint)remaining);
    }
}
