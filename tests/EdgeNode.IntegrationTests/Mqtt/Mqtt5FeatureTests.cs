using System.Text;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using static EdgeNode.IntegrationTests.Mqtt.BrokerExactlyOnceTests;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// Issue 21: the MQTT 5 features of the node's broker, seen packet by packet from real connections: message expiry,
/// topic aliases both ways, the client's Maximum Packet Size and Receive Maximum, the broker's own Receive Maximum and
/// maximum packet size, wills with a delay or on DISCONNECT 0x04, Session Expiry changed on DISCONNECT, shared
/// subscriptions, Server Keep Alive, and per-topic permissions.
/// </summary>
public sealed class Mqtt5FeatureTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static Task<RawMqttClient> V5Async(int port, string clientId, Action<MqttConnectPacket>? configure = null)
    {
        var connect = new MqttConnectPacket { ClientId = clientId, CleanSession = true, KeepAlivePeriod = 60 };
        configure?.Invoke(connect);
        return RawMqttClient.ConnectAsync(port, connect);
    }

    private static async Task SubscribeAsync(RawMqttClient client, string filter, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        await client.SendAsync(RawMqttClient.Subscribe(1, filter, qos));
        var ack = await client.ExpectAsync<MqttSubAckPacket>();
        Assert.True((int)ack.ReasonCodes[0] < 0x80, $"subscription to {filter} refused: {ack.ReasonCodes[0]}");
    }

    /// <summary>Publishes at QoS 1 and waits for the PUBACK; returns its reason code.</summary>
    private static async Task<MqttPubAckReasonCode> PublishAsync(RawMqttClient client, MqttPublishPacket publish, ushort packetId)
    {
        publish.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        publish.PacketIdentifier = packetId;
        await client.SendAsync(publish);
        var ack = await client.ExpectAsync<MqttPubAckPacket>();
        Assert.Equal(packetId, ack.PacketIdentifier);
        return ack.ReasonCode;
    }

    [Fact]
    public async Task An_expired_message_is_dropped_and_a_queued_one_carries_what_is_left_of_its_expiry()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using (var away = await V5Async(port, "expiring", c => { c.CleanSession = false; c.SessionExpiryInterval = 300; }))
            await SubscribeAsync(away, "expiry/#");
        using (var publisher = await V5Async(port, "expiry-pub"))
        {
            var shortLived = Publish("expiry/short", "gone soon", MqttQualityOfServiceLevel.AtLeastOnce);
            shortLived.MessageExpiryInterval = 1;
            var longLived = Publish("expiry/long", "still there", MqttQualityOfServiceLevel.AtLeastOnce);
            longLived.MessageExpiryInterval = 30;
            await PublishAsync(publisher, shortLived, 1);
            await PublishAsync(publisher, longLived, 2);
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancellation);
        using var back = await V5Async(port, "expiring", c => { c.CleanSession = false; c.SessionExpiryInterval = 300; });
        var message = await back.ExpectAsync<MqttPublishPacket>();
        Assert.Equal("still there", Text(message));
        Assert.InRange(message.MessageExpiryInterval, 1u, 28u); // [MQTT-3.3.2-6]
        Assert.Null(await back.NothingWithinAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Topic_aliases_from_a_client_resolve_and_an_alias_of_0_unknown_or_above_the_maximum_ends_with_0x94()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var subscriber = await V5Async(port, "alias-sub");
        await SubscribeAsync(subscriber, "alias/#");
        using (var publisher = await V5Async(port, "alias-pub"))
        {
            Assert.Equal(10, publisher.ConnAck.TopicAliasMaximum);
            var first = Publish("alias/temperature", "1", MqttQualityOfServiceLevel.AtLeastOnce);
            first.TopicAlias = 3;
            await PublishAsync(publisher, first, 1);
            var second = Publish("", "2", MqttQualityOfServiceLevel.AtLeastOnce);
            second.TopicAlias = 3;
            await PublishAsync(publisher, second, 2);
        }
        foreach (var expected in new[] { "1", "2" })
        {
            var received = await subscriber.ExpectAsync<MqttPublishPacket>();
            Assert.Equal(("alias/temperature", expected), (received.Topic, Text(received)));
            await subscriber.SendAsync(new MqttPubAckPacket { PacketIdentifier = received.PacketIdentifier });
        }
        foreach (var (alias, topic) in new (ushort, string)[] { (5, ""), (11, "alias/y") })
        {
            using var bad = await V5Async(port, $"alias-bad-{alias}");
            var publish = Publish(topic, "x", MqttQualityOfServiceLevel.AtMostOnce);
            publish.TopicAlias = alias;
            await bad.SendAsync(publish);
            Assert.Equal(MqttDisconnectReasonCode.TopicAliasInvalid, (await bad.ClosedAsync())?.ReasonCode);
        }
        // alias 0 (MQTTnet leaves a 0 alias out, so the bytes are written here): PUBLISH QoS 0, topic "alias/x", property 0x23 = 0, payload "x"
        using var zero = await V5Async(port, "alias-bad-0");
        await zero.SendRawAsync([0x30, 14, 0, 7, .. "alias/x"u8, 3, 0x23, 0, 0, (byte)'x']);
        Assert.Equal(MqttDisconnectReasonCode.TopicAliasInvalid, (await zero.ClosedAsync())?.ReasonCode);
    }

    [Fact]
    public async Task With_topic_aliases_on_the_broker_sends_an_alias_once_then_only_the_alias()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and topic_aliases = true");
        using var subscriber = await V5Async(port, "aliased", c => c.TopicAliasMaximum = 1);
        await SubscribeAsync(subscriber, "server/#", MqttQualityOfServiceLevel.AtMostOnce);
        using var publisher = await V5Async(port, "server-pub");
        foreach (var (topic, text) in new[] { ("server/a", "1"), ("server/a", "2"), ("server/b", "3") })
            await publisher.SendAsync(Publish(topic, text, MqttQualityOfServiceLevel.AtMostOnce));
        var received = new[] { await subscriber.ExpectAsync<MqttPublishPacket>(), await subscriber.ExpectAsync<MqttPublishPacket>(), await subscriber.ExpectAsync<MqttPublishPacket>() };
        Assert.Equal([("server/a", (ushort)1, "1"), ("", (ushort)1, "2"), ("server/b", (ushort)0, "3")],
            received.Select(p => (p.Topic, p.TopicAlias, Text(p))));
    }

    [Fact]
    public async Task A_message_larger_than_the_clients_maximum_packet_size_is_not_sent_to_it()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var subscriber = await V5Async(port, "small-packets", c => c.MaximumPacketSize = 128);
        await SubscribeAsync(subscriber, "size/#");
        using var publisher = await V5Async(port, "size-pub");
        await PublishAsync(publisher, Publish("size/big", new string('x', 500), MqttQualityOfServiceLevel.AtLeastOnce), 1);
        await PublishAsync(publisher, Publish("size/small", "fits", MqttQualityOfServiceLevel.AtLeastOnce), 2);
        var received = await subscriber.ExpectAsync<MqttPublishPacket>();
        Assert.Equal(("size/small", "fits"), (received.Topic, Text(received)));
        Assert.Null(await subscriber.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task No_more_messages_than_the_clients_receive_maximum_are_unacknowledged_at_once()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var subscriber = await V5Async(port, "slow-reader", c => c.ReceiveMaximum = 2);
        await SubscribeAsync(subscriber, "flow/#");
        using var publisher = await V5Async(port, "flow-pub");
        for (ushort i = 1; i <= 5; i++) await PublishAsync(publisher, Publish("flow/t", $"m{i}", MqttQualityOfServiceLevel.AtLeastOnce), i);
        var received = new List<MqttPublishPacket> { await subscriber.ExpectAsync<MqttPublishPacket>(), await subscriber.ExpectAsync<MqttPublishPacket>() };
        Assert.Null(await subscriber.NothingWithinAsync(TimeSpan.FromMilliseconds(500))); // the window of 2 is full
        while (received.Count < 5)
        {
            await subscriber.SendAsync(new MqttPubAckPacket { PacketIdentifier = received[^2].PacketIdentifier });
            received.Add(await subscriber.ExpectAsync<MqttPublishPacket>());
            if (received.Count < 5) Assert.Null(await subscriber.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        }
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], received.Select(Text));
    }

    [Fact]
    public async Task A_client_past_the_brokers_receive_maximum_is_disconnected_with_0x93()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and receive_maximum = 3");
        using var client = await V5Async(port, "flooder");
        Assert.Equal(3, client.ConnAck.ReceiveMaximum);
        for (ushort i = 1; i <= 4; i++) await client.SendAsync(Publish("flood", "x", MqttQualityOfServiceLevel.ExactlyOnce, i)); // no PUBREL
        Assert.Equal(MqttDisconnectReasonCode.ReceiveMaximumExceeded, (await client.ClosedAsync())?.ReasonCode);
    }

    [Fact]
    public async Task A_packet_above_the_brokers_maximum_packet_size_ends_the_connection_with_0x95()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and max_packet_size = 1KB");
        using var client = await V5Async(port, "too-big");
        Assert.Equal(1024u, client.ConnAck.MaximumPacketSize);
        await client.SendAsync(Publish("big", new string('x', 2000), MqttQualityOfServiceLevel.AtMostOnce));
        Assert.Equal(MqttDisconnectReasonCode.PacketTooLarge, (await client.ClosedAsync())?.ReasonCode);
        using var v3 = await ConnectAsync(port, "too-big-3", clean: true);
        await v3.SendAsync(Publish("big", new string('x', 2000), MqttQualityOfServiceLevel.AtMostOnce));
        Assert.Null(await v3.ClosedAsync()); // MQTT 3 has no DISCONNECT from the server: the connection just ends
        Assert.Contains("exceeds the maximum packet size of 1024", await node.OkAsync("get local broker"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_will_with_a_delay_is_published_after_it_unless_the_client_is_back_first()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var watcher = await V5Async(port, "will-watcher");
        await SubscribeAsync(watcher, "wills/#");
        foreach (var client in new[] { "delayed", "returning" })
        {
            var device = await V5Async(port, client, c => WithWill(c, $"wills/{client}", delay: 4, sessionExpiry: 60));
            device.Dispose(); // gone without DISCONNECT
        }
        using (await V5Async(port, "returning", c => { c.CleanSession = false; c.SessionExpiryInterval = 60; }))
        {
            Assert.Null(await watcher.NothingWithinAsync(TimeSpan.FromSeconds(1.5))); // within the delay: nothing yet
            var will = await watcher.ExpectAsync<MqttPublishPacket>(TimeSpan.FromSeconds(10));
            Assert.Equal("wills/delayed", will.Topic);
            await watcher.SendAsync(new MqttPubAckPacket { PacketIdentifier = will.PacketIdentifier });
            Assert.Null(await watcher.NothingWithinAsync(TimeSpan.FromSeconds(2))); // "returning" came back in time
        }
    }

    [Fact]
    public async Task Disconnect_with_0x04_publishes_the_will_and_a_normal_disconnect_does_not()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var watcher = await V5Async(port, "will-watcher");
        await SubscribeAsync(watcher, "wills/#");
        using (var normal = await V5Async(port, "normal", c => WithWill(c, "wills/normal", 0, 0)))
            await normal.SendAsync(new MqttDisconnectPacket { ReasonCode = MqttDisconnectReasonCode.NormalDisconnection });
        using (var withWill = await V5Async(port, "with-will", c => WithWill(c, "wills/with-will", 0, 0)))
            await withWill.SendAsync(new MqttDisconnectPacket { ReasonCode = MqttDisconnectReasonCode.DisconnectWithWillMessage });
        var will = await watcher.ExpectAsync<MqttPublishPacket>();
        Assert.Equal(("wills/with-will", "offline"), (will.Topic, Text(will)));
        await watcher.SendAsync(new MqttPubAckPacket { PacketIdentifier = will.PacketIdentifier });
        Assert.Null(await watcher.NothingWithinAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Stopping_the_broker_does_not_publish_the_wills_of_the_clients_it_disconnects()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using (var watcher = await V5Async(port, "will-watcher", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; }))
            await SubscribeAsync(watcher, "wills/#");
        using var device = await V5Async(port, "device", c => WithWill(c, "wills/device", 0, 0));
        await node.RestartBrokerAsync(port);
        Assert.Equal(MqttDisconnectReasonCode.ServerShuttingDown, (await device.ClosedAsync())?.ReasonCode);
        using var back = await V5Async(port, "will-watcher", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; });
        Assert.True(back.ConnAck.IsSessionPresent);
        Assert.Null(await back.NothingWithinAsync(TimeSpan.FromSeconds(1)));
    }

    private static void WithWill(MqttConnectPacket connect, string topic, uint delay, uint sessionExpiry)
    {
        connect.WillFlag = true;
        connect.WillTopic = topic;
        connect.WillMessage = Encoding.UTF8.GetBytes("offline");
        connect.WillQoS = MqttQualityOfServiceLevel.AtLeastOnce;
        connect.WillDelayInterval = delay;
        connect.SessionExpiryInterval = sessionExpiry;
    }

    [Fact]
    public async Task The_session_expiry_set_on_disconnect_is_the_one_kept()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using (var ending = await V5Async(port, "ends-now", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; }))
            await ending.SendAsync(new MqttDisconnectPacket { SessionExpiryInterval = 1 });
        using (var keeping = await V5Async(port, "kept", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; }))
            await keeping.SendAsync(new MqttDisconnectPacket { SessionExpiryInterval = 300 });
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // past the 1 s the first one set
        using (var back = await V5Async(port, "ends-now", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; }))
            Assert.False(back.ConnAck.IsSessionPresent);
        using (var back = await V5Async(port, "kept", c => { c.CleanSession = false; c.SessionExpiryInterval = 600; }))
            Assert.True(back.ConnAck.IsSessionPresent);
        // a session that was to end with its connection cannot be extended on DISCONNECT [MQTT-3.14.2-2]
        using var none = await V5Async(port, "had-none");
        await none.SendAsync(new MqttDisconnectPacket { SessionExpiryInterval = 60 });
        Assert.Equal(MqttDisconnectReasonCode.ProtocolError, (await none.ClosedAsync())?.ReasonCode);
    }

    [Fact]
    public async Task A_shared_subscription_gives_each_message_to_one_member_of_the_group()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync();
        using var first = await V5Async(port, "worker-1");
        using var second = await V5Async(port, "worker-2");
        using var everything = await V5Async(port, "monitor");
        await SubscribeAsync(first, "$share/workers/jobs/#", MqttQualityOfServiceLevel.AtMostOnce);
        await SubscribeAsync(second, "$share/workers/jobs/#", MqttQualityOfServiceLevel.AtMostOnce);
        await SubscribeAsync(everything, "jobs/#", MqttQualityOfServiceLevel.AtMostOnce);
        using var publisher = await V5Async(port, "jobs-pub");
        for (var i = 0; i < 10; i++) await publisher.SendAsync(Publish("jobs/new", $"job {i}", MqttQualityOfServiceLevel.AtMostOnce));
        var all = new List<string>();
        for (var i = 0; i < 10; i++) all.Add(Text(await everything.ExpectAsync<MqttPublishPacket>()));
        var shared = new List<string>();
        var perWorker = new List<int>();
        foreach (var worker in new[] { first, second })
        {
            var count = 0;
            while (await worker.NothingWithinAsync(TimeSpan.FromMilliseconds(500)) is MqttPublishPacket p)
            {
                shared.Add(Text(p));
                count++;
            }
            perWorker.Add(count);
        }
        Assert.Equal(all, shared.OrderBy(s => int.Parse(s[4..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(perWorker, count => Assert.True(count > 0, $"each member gets a share: {string.Join("/", perWorker)}"));
    }

    [Fact]
    public async Task Server_keep_alive_caps_the_keep_alive_a_client_asks_for()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and server_keep_alive = 60");
        using (var longer = await V5Async(port, "long-keep-alive", c => c.KeepAlivePeriod = 120))
            Assert.Equal(60, longer.ConnAck.ServerKeepAlive);
        using (var none = await V5Async(port, "no-keep-alive", c => c.KeepAlivePeriod = 0))
            Assert.Equal(60, none.ConnAck.ServerKeepAlive);
        using (var shorter = await V5Async(port, "short-keep-alive", c => c.KeepAlivePeriod = 30))
            Assert.Equal(0, shorter.ConnAck.ServerKeepAlive); // absent: the client's own keep alive stands
    }

    [Fact]
    public async Task Permissions_from_the_where_clause_refuse_subscriptions_with_0x80_and_publishing_with_0x87()
    {
        await using var node = new MqttTestNode();
        var port = await node.StartBrokerAsync(" and deny_subscribe = test/nosubscribe and deny_publish = (\"secret/#\", private/x)");
        using var client = await V5Async(port, "checked");
        using var publisher = await V5Async(port, "checked-pub");
        await client.SendAsync(new MqttSubscribePacket
        {
            PacketIdentifier = 1,
            TopicFilters = [new MqttTopicFilter { Topic = "test/nosubscribe" }, new MqttTopicFilter { Topic = "#", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce }],
        });
        var ack = await client.ExpectAsync<MqttSubAckPacket>();
        Assert.Equal([MqttSubscribeReasonCode.UnspecifiedError, MqttSubscribeReasonCode.GrantedQoS1], ack.ReasonCodes);
        Assert.Equal(MqttPubAckReasonCode.NotAuthorized, await PublishAsync(publisher, Publish("secret/plans", "x", MqttQualityOfServiceLevel.AtLeastOnce), 2));
        Assert.Equal(MqttPubAckReasonCode.NotAuthorized, await PublishAsync(publisher, Publish("private/x", "x", MqttQualityOfServiceLevel.AtLeastOnce), 5));
        Assert.Equal(MqttPubAckReasonCode.Success, await PublishAsync(publisher, Publish("test/nosubscribe", "hidden", MqttQualityOfServiceLevel.AtLeastOnce), 3));
        Assert.Equal(MqttPubAckReasonCode.Success, await PublishAsync(publisher, Publish("open/news", "visible", MqttQualityOfServiceLevel.AtLeastOnce), 4));
        // '#' gets neither the refused publish nor the topic it may not subscribe to
        var received = await client.ExpectAsync<MqttPublishPacket>();
        Assert.Equal(("open/news", "visible"), (received.Topic, Text(received)));
        Assert.Null(await client.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));
        var events = await node.OkAsync("get local broker");
        Assert.Contains("may not subscribe to 'test/nosubscribe'", events, StringComparison.Ordinal);
        // a will that could not be published is refused with the connection
        using var willing = await V5Async(port, "secret-will", c => WithWill(c, "secret/offline", 0, 0));
        Assert.Equal(MqttConnectReasonCode.NotAuthorized, willing.ConnAck.ReasonCode);
    }

    [Fact]
    public async Task A_permissions_file_gives_rules_per_user_and_a_bad_file_is_refused_with_its_line()
    {
        await using var node = new MqttTestNode();
        var file = Path.Combine(node.Node.Home, "broker.permissions");
        await File.WriteAllTextAsync(file, "# who may do what\ndeny publish readings/# user viewer\ndeny subscribe private/#\n", Cancellation);
        var port = await node.StartBrokerAsync($" and permissions = \"{file}\"");
        using var viewer = await V5Async(port, "viewer-1", c => c.Username = "viewer");
        using var writer = await V5Async(port, "writer-1", c => c.Username = "writer");
        Assert.Equal(MqttPubAckReasonCode.NotAuthorized, await PublishAsync(viewer, Publish("readings/1", "x", MqttQualityOfServiceLevel.AtLeastOnce), 1));
        Assert.Equal(MqttPubAckReasonCode.Success, await PublishAsync(writer, Publish("readings/1", "x", MqttQualityOfServiceLevel.AtLeastOnce), 1));
        await viewer.SendAsync(RawMqttClient.Subscribe(2, "private/data", MqttQualityOfServiceLevel.AtMostOnce));
        Assert.Equal([MqttSubscribeReasonCode.UnspecifiedError], (await viewer.ExpectAsync<MqttSubAckPacket>()).ReasonCodes);
        await node.OkAsync("exit broker");

        await File.WriteAllTextAsync(file, "deny publish readings/#\npermit everything\n", Cancellation);
        var refused = await node.Node.RunAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and permissions = \"{file}\"");
        Assert.True(refused.IsError);
        Assert.Contains("line 2", refused.ErrorLine, StringComparison.Ordinal);
    }
}
