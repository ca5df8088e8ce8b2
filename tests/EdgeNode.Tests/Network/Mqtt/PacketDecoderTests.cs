using System.Buffers;
using EdgeNode.Network.Mqtt.Broker;

namespace EdgeNode.Tests.Network.Mqtt;

/// <summary>The broker's packet decoding refuses malformed packets with the reason code the specification asks for.</summary>
public sealed class PacketDecoderTests
{
    private static ReadOnlySequence<byte> Bytes(params byte[] bytes) => new(bytes);

    [Fact]
    public void A_frame_is_split_off_only_once_whole_and_a_remaining_length_over_the_maximum_is_refused_at_the_header()
    {
        var partial = Bytes(0x30, 5, 0, 1, (byte)'a');
        Assert.False(PacketDecoder.TryReadFrame(ref partial, 1024, out _, out _));
        var whole = Bytes(0x30, 3, 0, 1, (byte)'a', 0xC0, 0);
        Assert.True(PacketDecoder.TryReadFrame(ref whole, 1024, out var header, out var body));
        Assert.Equal((0x30, 3L, 2L), (header, body.Length, whole.Length));
        var huge = Bytes(0x30, 0xFF, 0xFF, 0xFF, 0x7F);
        Assert.Equal(ReasonCodes.PacketTooLarge, Assert.Throws<MqttProtocolException>(() => PacketDecoder.TryReadFrame(ref huge, 1024, out _, out _)).ReasonCode);
        var endless = Bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        Assert.Equal(ReasonCodes.MalformedPacket, Assert.Throws<MqttProtocolException>(() => PacketDecoder.TryReadFrame(ref endless, long.MaxValue, out _, out _)).ReasonCode);
    }

    [Fact]
    public void A_publish_with_qos_3_dup_on_qos_0_or_packet_id_0_is_malformed()
    {
        Assert.Throws<MqttProtocolException>(() => PacketDecoder.Publish(0x06, Bytes(0, 1, (byte)'a', 0, 1), 4));
        Assert.Throws<MqttProtocolException>(() => PacketDecoder.Publish(0x08, Bytes(0, 1, (byte)'a'), 4));
        Assert.Throws<MqttProtocolException>(() => PacketDecoder.Publish(0x02, Bytes(0, 1, (byte)'a', 0, 0), 4));
        var publish = PacketDecoder.Publish(0x0B, Bytes(0, 1, (byte)'a', 0, 9, (byte)'x'), 4);
        Assert.Equal(("a", (ushort)9, (byte)1, true, true, 1L), (publish.Topic, publish.PacketId, publish.Qos, publish.Retain, publish.Dup, publish.Payload.Length));
    }

    [Fact]
    public void A_connect_with_the_reserved_flag_an_unknown_level_or_bad_utf8_is_refused()
    {
        byte[] connect = [0, 4, .. "MQTT"u8, 4, 0x02, 0, 60, 0, 1, (byte)'c'];
        Assert.Equal("c", PacketDecoder.Connect(Bytes(connect)).ClientId);
        connect[7] = 0x03; // reserved bit
        Assert.Throws<MqttProtocolException>(() => PacketDecoder.Connect(Bytes(connect)));
        byte[] level6 = [0, 4, .. "MQTT"u8, 6, 0x02, 0, 60, 0, 1, (byte)'c'];
        Assert.Equal(6, Assert.Throws<UnsupportedProtocolException>(() => PacketDecoder.Connect(Bytes(level6))).Level);
        byte[] badUtf8 = [0, 4, .. "MQTT"u8, 4, 0x02, 0, 60, 0, 2, 0xC3, 0x28];
        Assert.Throws<MqttProtocolException>(() => PacketDecoder.Connect(Bytes(badUtf8)));
    }

    [Fact]
    public void Subscription_options_with_reserved_bits_or_retain_handling_3_are_malformed()
    {
        Assert.Equal(new SubscriptionOptions(2, true, true, 1, 7), SubscriptionOptions.Parse(0b0001_1110, 5, 7));
        Assert.Throws<MqttProtocolException>(() => SubscriptionOptions.Parse(0b0011_0000, 5, 0));
        Assert.Throws<MqttProtocolException>(() => SubscriptionOptions.Parse(0b0100_0000, 5, 0));
        Assert.Throws<MqttProtocolException>(() => SubscriptionOptions.Parse(0b0000_0100, 4, 0));
    }
}
