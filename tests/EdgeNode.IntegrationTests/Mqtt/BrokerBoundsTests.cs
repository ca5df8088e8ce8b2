using MQTTnet.Packets;
using MQTTnet.Protocol;
using static EdgeNode.IntegrationTests.Mqtt.BrokerExactlyOnceTests;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// A subscriber that stops reading costs the broker bounded memory: past <c>max_pending</c> packets waiting for it, QoS 0
/// copies are dropped, while the publisher and a QoS 1 subscriber go on and get everything.
/// </summary>
public sealed class BrokerBoundsTests
{
    [Fact]
    public async Task A_subscriber_that_does_not_read_loses_qos_0_messages_past_max_pending_and_the_others_get_all()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and max_pending = 20");
        using var stuck = await ConnectAsync(port, "stuck", clean: true);
        await stuck.SendAsync(RawMqttClient.Subscribe(1, "bulk", MqttQualityOfServiceLevel.AtMostOnce));
        await stuck.ExpectAsync<MqttSubAckPacket>();
        using var reader = await ConnectAsync(port, "reader", clean: true);
        await reader.SendAsync(RawMqttClient.Subscribe(1, "bulk", MqttQualityOfServiceLevel.AtLeastOnce));
        await reader.ExpectAsync<MqttSubAckPacket>();

        // 300 messages of 60 KB (18 MB): far more than the socket buffers of a client that does not read
        const int count = 300;
        var payload = new string('x', 60_000);
        var reading = Task.Run(async () =>
        {
            var read = 0;
            while (await reader.ReceiveAsync(TimeSpan.FromSeconds(60)) is MqttPublishPacket p && p.Payload.Length > 4)
            {
                read++;
                await reader.SendAsync(new MqttPubAckPacket { PacketIdentifier = p.PacketIdentifier });
            }
            return read;
        }, TestContext.Current.CancellationToken);
        using (var publisher = await ConnectAsync(port, "bulk-pub", clean: true))
        {
            for (var i = 1; i <= count; i++) await publisher.SendAsync(Publish("bulk", payload, MqttQualityOfServiceLevel.AtLeastOnce, (ushort)i));
            await publisher.SendAsync(Publish("bulk", "last", MqttQualityOfServiceLevel.AtLeastOnce, count + 1));
            for (var i = 0; i <= count; i++) await publisher.ExpectAsync<MqttPubAckPacket>();
        }
        Assert.Equal(count, await reading);

        var received = 0;
        while (await stuck.NothingWithinAsync(TimeSpan.FromSeconds(1)) is MqttPublishPacket) received++;
        Assert.InRange(received, 1, count - 1);
    }
}
