using System.Net;
using System.Net.Sockets;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using static EdgeNode.IntegrationTests.Mqtt.BrokerExactlyOnceTests;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// Issue 21, bugs 2 to 5: across a restart of the node a persistent session is resumed with Session Present = 1, a
/// retained message reaches it once, a restored MQTT 5 session keeps its Session Expiry; and <c>bind = true</c> listens
/// on the one IPv4 address given, not on [::] as well.
/// </summary>
public sealed class BrokerRestartTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("edgenode-test-broker-restart-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<MqttTestNode> RestartNodeAsync(MqttTestNode node, int port)
    {
        await node.DisposeAsync();
        var again = new MqttTestNode(_home);
        await again.StartBrokerAsync(port: port);
        return again;
    }

    [Fact]
    public async Task A_resumed_session_has_session_present_and_gets_each_retained_message_once_after_a_node_restart()
    {
        var node = new MqttTestNode(_home);
        var port = await node.StartBrokerAsync();
        using (var first = await ConnectAsync(port, "sensor-hub", clean: false))
        {
            Assert.False(first.ConnAck.IsSessionPresent);
            await first.SendAsync(RawMqttClient.Subscribe(1, "plant/#", MqttQualityOfServiceLevel.AtLeastOnce));
            await first.ExpectAsync<MqttSubAckPacket>();
            using (var publisher = await ConnectAsync(port, "retainer", clean: true))
            {
                await publisher.SendAsync(Publish("plant/setpoint", "21.5", MqttQualityOfServiceLevel.AtLeastOnce, 1, retain: true));
                await publisher.ExpectAsync<MqttPubAckPacket>();
            }
            var live = await first.ExpectAsync<MqttPublishPacket>();
            Assert.Equal(("plant/setpoint", "21.5", false), (live.Topic, Text(live), live.Retain)); // forwarded live: retain 0 [MQTT-3.3.1-9]
            await first.SendAsync(new MqttPubAckPacket { PacketIdentifier = live.PacketIdentifier });
            await first.SendAsync(new MqttDisconnectPacket());
        }
        // retained while the client is away: queued once for its session
        using (var publisher = await ConnectAsync(port, "retainer", clean: true))
        {
            await publisher.SendAsync(Publish("plant/mode", "auto", MqttQualityOfServiceLevel.AtLeastOnce, 2, retain: true));
            await publisher.ExpectAsync<MqttPubAckPacket>();
        }
        node = await RestartNodeAsync(node, port);
        try
        {
            using (var again = await ConnectAsync(port, "sensor-hub", clean: false))
            {
                Assert.True(again.ConnAck.IsSessionPresent); // [MQTT-3.2.2-2]
                var queued = await again.ExpectAsync<MqttPublishPacket>();
                Assert.Equal(("plant/mode", "auto"), (queued.Topic, Text(queued)));
                await again.SendAsync(new MqttPubAckPacket { PacketIdentifier = queued.PacketIdentifier });
                // the subscription was kept, not made anew: no retained message is sent again
                Assert.Null(await again.NothingWithinAsync(TimeSpan.FromSeconds(1)));
            }
            // a new subscriber still gets both retained messages, once each
            using var fresh = await ConnectAsync(port, "newcomer", clean: true);
            await fresh.SendAsync(RawMqttClient.Subscribe(1, "plant/#", MqttQualityOfServiceLevel.AtMostOnce));
            await fresh.ExpectAsync<MqttSubAckPacket>();
            var retained = new[] { await fresh.ExpectAsync<MqttPublishPacket>(), await fresh.ExpectAsync<MqttPublishPacket>() };
            Assert.Equal(["plant/mode=auto", "plant/setpoint=21.5"], retained.Select(p => $"{p.Topic}={Text(p)}").Order());
            Assert.All(retained, p => Assert.True(p.Retain));
            Assert.Null(await fresh.NothingWithinAsync(TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restored_mqtt_5_session_expires_after_its_session_expiry_interval()
    {
        var node = new MqttTestNode(_home);
        var port = await node.StartBrokerAsync();
        foreach (var (client, expiry) in new[] { ("short-lived", 2u), ("long-lived", 600u) })
        {
            using var first = await RawMqttClient.ConnectAsync(port, new MqttConnectPacket { ClientId = client, SessionExpiryInterval = expiry, KeepAlivePeriod = 60 });
            await first.SendAsync(RawMqttClient.Subscribe(1, "expiry/#", MqttQualityOfServiceLevel.AtLeastOnce));
            await first.ExpectAsync<MqttSubAckPacket>();
            await first.SendAsync(new MqttDisconnectPacket());
        }
        node = await RestartNodeAsync(node, port);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            using var expired = await RawMqttClient.ConnectAsync(port, new MqttConnectPacket { ClientId = "short-lived", SessionExpiryInterval = 60, KeepAlivePeriod = 60 });
            Assert.False(expired.ConnAck.IsSessionPresent);
            using var kept = await RawMqttClient.ConnectAsync(port, new MqttConnectPacket { ClientId = "long-lived", SessionExpiryInterval = 60, KeepAlivePeriod = 60 });
            Assert.True(kept.ConnAck.IsSessionPresent);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sessions_saved_by_the_previous_broker_are_resumed()
    {
        await using var node = new MqttTestNode(_home);
        // the line format of the MQTTnet-based broker: subscriptions as filter -> QoS, queued messages
        var saved = Path.Combine(node.Node.Node.Paths.DataDir, "broker", "sessions.json");
        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
        await File.WriteAllTextAsync(saved, """
            {"client":"old-device","subscriptions":{"orders/#":1},"queued":[{"topic":"orders/7","qos":1,"payload":"b3JkZXIgNw=="}]}

            """, TestContext.Current.CancellationToken);
        var port = await node.StartBrokerAsync();
        using var again = await ConnectAsync(port, "old-device", clean: false);
        Assert.True(again.ConnAck.IsSessionPresent);
        var queued = await again.ExpectAsync<MqttPublishPacket>();
        Assert.Equal(("orders/7", "order 7"), (queued.Topic, Text(queued)));
    }

    [Fact]
    public async Task Bind_true_listens_on_the_given_ipv4_address_only()
    {
        await using var node = new MqttTestNode(_home);
        var port = await node.StartBrokerAsync();
        using (var client = new TcpClient())
            await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        // nothing holds [::]:port: the test can listen there itself, and [::1] refuses connections
        using (var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp))
        {
            v6.DualMode = false;
            v6.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        }
        using var refused = new TcpClient(AddressFamily.InterNetworkV6);
        var error = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.IPv6Loopback, port, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Contains($"127.0.0.1:{port}", await node.OkAsync("get processes"), StringComparison.Ordinal);
    }
}
