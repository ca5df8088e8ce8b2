using System.Text;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// Issue 21, bug 1: a subscriber that reconnects to its persistent session gets each unacknowledged message again with
/// the same packet id and DUP set, and a QoS 2 message whose PUBREC arrived continues with PUBREL instead of being
/// delivered again: exactly once, also across a restart of the broker and of the node.
/// </summary>
public sealed class BrokerExactlyOnceTests
{
    public enum Restart { None, Broker, Node }

    [Theory]
    [InlineData(Restart.None)]
    [InlineData(Restart.Broker)]
    [InlineData(Restart.Node)]
    public async Task Unacknowledged_messages_are_resent_with_their_packet_ids_and_dup_and_qos_2_continues_with_pubrel(Restart restart)
    {
        var home = Directory.CreateTempSubdirectory("edgenode-test-exactly-once-").FullName;
        try
        {
            var node = new MqttTestNode(home);
            var port = await node.StartBrokerAsync();
            var subscriber = await ConnectAsync(port, "device-inflight", clean: false);
            await subscriber.SendAsync(RawMqttClient.Subscribe(1, "inflight/#", MqttQualityOfServiceLevel.ExactlyOnce));
            await subscriber.ExpectAsync<MqttSubAckPacket>();

            using (var publisher = await ConnectAsync(port, "publisher", clean: true))
            {
                await publisher.SendAsync(Publish("inflight/a", "A", MqttQualityOfServiceLevel.AtLeastOnce, 11));
                await publisher.ExpectAsync<MqttPubAckPacket>();
                await publisher.SendAsync(Publish("inflight/b", "B", MqttQualityOfServiceLevel.ExactlyOnce, 12));
                await publisher.ExpectAsync<MqttPubRecPacket>();
                await publisher.SendAsync(new MqttPubRelPacket { PacketIdentifier = 12 });
                await publisher.ExpectAsync<MqttPubCompPacket>();
                await publisher.SendAsync(Publish("inflight/c", "C", MqttQualityOfServiceLevel.ExactlyOnce, 13));
                await publisher.ExpectAsync<MqttPubRecPacket>();
                await publisher.SendAsync(new MqttPubRelPacket { PacketIdentifier = 13 });
                await publisher.ExpectAsync<MqttPubCompPacket>();
            }

            var a = await subscriber.ExpectAsync<MqttPublishPacket>();
            var b = await subscriber.ExpectAsync<MqttPublishPacket>();
            var c = await subscriber.ExpectAsync<MqttPublishPacket>();
            Assert.Equal(["A", "B", "C"], new[] { a, b, c }.Select(Text));
            Assert.All(new[] { a, b, c }, p => Assert.False(p.Dup));
            // only C's PUBREC reaches the broker, which answers with PUBREL; then the device vanishes
            await subscriber.SendAsync(new MqttPubRecPacket { PacketIdentifier = c.PacketIdentifier });
            Assert.Equal(c.PacketIdentifier, (await subscriber.ExpectAsync<MqttPubRelPacket>()).PacketIdentifier);
            subscriber.Dispose();

            if (restart == Restart.Broker)
            {
                await node.RestartBrokerAsync(port);
            }
            else if (restart == Restart.Node)
            {
                await node.DisposeAsync();
                node = new MqttTestNode(home);
                await node.StartBrokerAsync(port: port);
            }

            using (var again = await ConnectAsync(port, "device-inflight", clean: false))
            {
                Assert.True(again.ConnAck.IsSessionPresent);
                var resentA = await again.ExpectAsync<MqttPublishPacket>();
                var resentB = await again.ExpectAsync<MqttPublishPacket>();
                // C is not delivered again: its PUBREC came, so the broker owes the PUBREL [MQTT-4.3.3-1]
                var release = await again.ExpectAsync<MqttPubRelPacket>();
                Assert.Equal((a.PacketIdentifier, "A", true, MqttQualityOfServiceLevel.AtLeastOnce),
                    (resentA.PacketIdentifier, Text(resentA), resentA.Dup, resentA.QualityOfServiceLevel));
                Assert.Equal((b.PacketIdentifier, "B", true, MqttQualityOfServiceLevel.ExactlyOnce),
                    (resentB.PacketIdentifier, Text(resentB), resentB.Dup, resentB.QualityOfServiceLevel));
                Assert.Equal(c.PacketIdentifier, release.PacketIdentifier);
                await again.SendAsync(new MqttPubAckPacket { PacketIdentifier = resentA.PacketIdentifier });
                await again.SendAsync(new MqttPubRecPacket { PacketIdentifier = resentB.PacketIdentifier });
                Assert.Equal(resentB.PacketIdentifier, (await again.ExpectAsync<MqttPubRelPacket>()).PacketIdentifier);
                await again.SendAsync(new MqttPubCompPacket { PacketIdentifier = resentB.PacketIdentifier });
                await again.SendAsync(new MqttPubCompPacket { PacketIdentifier = c.PacketIdentifier });
                Assert.Null(await again.NothingWithinAsync(TimeSpan.FromSeconds(1)));
                await again.SendAsync(new MqttDisconnectPacket());
            }

            // everything acknowledged: a third connection gets nothing more
            using (var third = await ConnectAsync(port, "device-inflight", clean: false))
            {
                Assert.True(third.ConnAck.IsSessionPresent);
                Assert.Null(await third.NothingWithinAsync(TimeSpan.FromSeconds(1)));
            }
            await node.DisposeAsync();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task A_qos_2_publish_sent_again_before_its_pubrel_is_delivered_once()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var subscriber = await ConnectAsync(port, "once-sub", clean: true);
        await subscriber.SendAsync(RawMqttClient.Subscribe(1, "once", MqttQualityOfServiceLevel.ExactlyOnce));
        await subscriber.ExpectAsync<MqttSubAckPacket>();
        var publisher = await ConnectAsync(port, "once-pub", clean: false);
        await publisher.SendAsync(Publish("once", "only once", MqttQualityOfServiceLevel.ExactlyOnce, 7));
        await publisher.ExpectAsync<MqttPubRecPacket>();
        publisher.Dispose(); // the PUBREC was lost for the device: it reconnects and sends the PUBLISH again with DUP
        using var again = await ConnectAsync(port, "once-pub", clean: false);
        var retry = Publish("once", "only once", MqttQualityOfServiceLevel.ExactlyOnce, 7);
        retry.Dup = true;
        await again.SendAsync(retry);
        Assert.Equal(7, (await again.ExpectAsync<MqttPubRecPacket>()).PacketIdentifier);
        await again.SendAsync(new MqttPubRelPacket { PacketIdentifier = 7 });
        Assert.Equal(7, (await again.ExpectAsync<MqttPubCompPacket>()).PacketIdentifier);

        var delivered = await subscriber.ExpectAsync<MqttPublishPacket>();
        Assert.Equal("only once", Text(delivered));
        await subscriber.SendAsync(new MqttPubRecPacket { PacketIdentifier = delivered.PacketIdentifier });
        await subscriber.ExpectAsync<MqttPubRelPacket>();
        await subscriber.SendAsync(new MqttPubCompPacket { PacketIdentifier = delivered.PacketIdentifier });
        Assert.Null(await subscriber.NothingWithinAsync(TimeSpan.FromSeconds(1)));
    }

    internal static Task<RawMqttClient> ConnectAsync(int port, string clientId, bool clean, MqttProtocolVersion version = MqttProtocolVersion.V311) =>
        RawMqttClient.ConnectAsync(port, new MqttConnectPacket { ClientId = clientId, CleanSession = clean, KeepAlivePeriod = 60 }, version);

    internal static MqttPublishPacket Publish(string topic, string payload, MqttQualityOfServiceLevel qos, ushort packetId = 0, bool retain = false) => new()
    {
        Topic = topic,
        PayloadSegment = Encoding.UTF8.GetBytes(payload),
        QualityOfServiceLevel = qos,
        PacketIdentifier = packetId,
        Retain = retain,
    };

    internal static string Text(MqttPublishPacket packet) => Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(packet.Payload));
}
