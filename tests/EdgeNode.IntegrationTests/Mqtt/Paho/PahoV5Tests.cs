using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using static EdgeNode.IntegrationTests.Mqtt.Paho.PahoBroker;

namespace EdgeNode.IntegrationTests.Mqtt.Paho;

/// <summary>The cases of Paho's interoperability/client_test5.py (MQTT 5) against the node's broker: the shared ones and MQTT 5's own.</summary>
public sealed class PahoV5Tests : PahoCommonCases
{
    protected override MqttProtocolVersion Version => MqttProtocolVersion.V500;

    [Fact]
    public async Task Session_expiry()
    {
        var client = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(2));
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.DisconnectAsync();
        var back = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(2));
        Assert.True(back.Connected.IsSessionPresent);
        await back.DisconnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        var late = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(2));
        Assert.False(late.Connected.IsSessionPresent);
    }

    [Fact]
    public async Task User_properties()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce })
            await client.PublishAsync(Topics[0], "", qos, configure: m => m.WithUserProperty("a", "2"u8.ToArray().AsMemory()).WithUserProperty("c", "3"u8.ToArray().AsMemory()));
        var messages = await client.WaitForAsync(3);
        Assert.All(messages, m => Assert.Equal([("a", "2"), ("c", "3")], m.Message.UserProperties!.Select(p => (p.Name, p.ReadValueAsString()))));
    }

    [Fact]
    public async Task Payload_format()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.PublishAsync(Topics[0], "payload format", MqttQualityOfServiceLevel.AtLeastOnce,
            configure: m => m.WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData).WithContentType("My name"));
        var message = (await client.WaitForAsync(1))[0].Message;
        Assert.Equal((MqttPayloadFormatIndicator.CharacterData, "My name"), (message.PayloadFormatIndicator, message.ContentType));
    }

    [Fact]
    public async Task Message_expiry()
    {
        var away = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(99_999));
        await away.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await away.DisconnectAsync();
        var publisher = await ClientAsync("myclientid2");
        await publisher.PublishAsync(Topics[0], "qos 1 - expire", MqttQualityOfServiceLevel.AtLeastOnce, configure: m => m.WithMessageExpiryInterval(1));
        await publisher.PublishAsync(Topics[0], "qos 2 - don't expire", MqttQualityOfServiceLevel.ExactlyOnce, configure: m => m.WithMessageExpiryInterval(6));
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        var back = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(99_999));
        var messages = await back.SettledAsync();
        Assert.Equal(["qos 2 - don't expire"], messages.Select(m => m.Text));
        Assert.InRange(messages[0].Message.MessageExpiryInterval, 1u, 5u);
    }

    [Fact]
    public async Task Subscribe_options()
    {
        // No Local: the client's own messages do not come back
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce, f => f.WithNoLocal());
        var other = await ClientAsync("myclientid2");
        await other.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce, f => f.WithNoLocal());
        await client.PublishAsync(Topics[0], "noLocal test", MqttQualityOfServiceLevel.ExactlyOnce);
        Assert.Single(await other.WaitForAsync(1));
        Assert.Empty(await client.SettledAsync(500));

        // Retain As Published: a retained message published live keeps its retain flag
        var retaining = await ClientAsync("retainaspublished");
        await retaining.SubscribeAsync(Topics[1], MqttQualityOfServiceLevel.ExactlyOnce, f => f.WithRetainAsPublished());
        await retaining.SubscribeAsync(Topics[2], MqttQualityOfServiceLevel.ExactlyOnce);
        await retaining.PublishAsync(Topics[1], "retain as published", MqttQualityOfServiceLevel.ExactlyOnce, retain: true);
        await retaining.PublishAsync(Topics[2], "not retain as published", MqttQualityOfServiceLevel.ExactlyOnce, retain: true);
        var live = await retaining.WaitForAsync(2);
        Assert.Equal([(Topics[1], true), (Topics[2], false)], live.Select(m => (m.Topic, m.Retain)).OrderBy(m => m.Topic == Topics[2]));

        // Retain Handling: 0 sends retained messages at every subscription, 1 at a new one only, 2 never
        var handling = await ClientAsync("retainhandling");
        foreach (var (option, expected) in new[] { (MqttRetainHandling.SendAtSubscribe, 2), (MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly, 1), (MqttRetainHandling.DoNotSendOnSubscribe, 0) })
        {
            var before = handling.Messages.Count;
            await handling.SubscribeAsync(Topics[1], MqttQualityOfServiceLevel.ExactlyOnce, f => f.WithRetainHandling(option));
            await handling.SubscribeAsync(Topics[1], MqttQualityOfServiceLevel.ExactlyOnce, f => f.WithRetainHandling(option));
            Assert.Equal(expected, (await handling.SettledAsync(500)).Count - before);
            await handling.Client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(Topics[1]).Build(), Cancellation);
        }
    }

    [Fact]
    public async Task Assigned_clientid()
    {
        var client = await ClientAsync("");
        Assert.StartsWith("auto-", client.Connected.AssignedClientIdentifier, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_identifiers()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce, subscriptionId: 456_789);
        var other = await ClientAsync("myclientid2");
        await other.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce, subscriptionId: 2);
        await other.SubscribeAsync(Topics[0] + "/#", MqttQualityOfServiceLevel.ExactlyOnce, subscriptionId: 3);
        await client.PublishAsync(Topics[0], "sub identifier test", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal([456_789u], (await client.WaitForAsync(1))[0].Message.SubscriptionIdentifiers);
        // matched by both of its subscriptions: one message carrying both identifiers
        Assert.Equal([2u, 3u], (await other.WaitForAsync(1))[0].Message.SubscriptionIdentifiers.Order());
    }

    [Fact]
    public async Task Request_response()
    {
        var responder = await ClientAsync("myclientid");
        var requester = await ClientAsync("myclientid2");
        await responder.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await requester.SubscribeAsync(Topics[0] + "/reply", MqttQualityOfServiceLevel.ExactlyOnce);
        await requester.PublishAsync(Topics[0], "request", MqttQualityOfServiceLevel.AtLeastOnce,
            configure: m => m.WithResponseTopic(Topics[0] + "/reply").WithCorrelationData("334"u8.ToArray()));
        var request = (await responder.WaitForAsync(1))[0].Message;
        Assert.Equal((Topics[0] + "/reply", "334"), (request.ResponseTopic, Encoding.UTF8.GetString(request.CorrelationData)));
        await responder.PublishAsync(request.ResponseTopic, "response", MqttQualityOfServiceLevel.AtLeastOnce, configure: m => m.WithCorrelationData(request.CorrelationData));
        var response = (await requester.WaitForAsync(1))[0];
        Assert.Equal(("response", "334"), (response.Text, Encoding.UTF8.GetString(response.Message.CorrelationData)));
    }

    [Fact]
    public async Task Client_topic_alias()
    {
        var client = await ClientAsync("myclientid");
        Assert.True(client.Connected.TopicAliasMaximum > 0);
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.PublishAsync(Topics[0], "topic alias 1", MqttQualityOfServiceLevel.AtLeastOnce, configure: m => m.WithTopicAlias(1));
        await client.PublishAsync("", "topic alias 2", MqttQualityOfServiceLevel.AtLeastOnce, configure: m => m.WithTopicAlias(1));
        var messages = await client.WaitForAsync(2);
        Assert.Equal([(Topics[0], "topic alias 1"), (Topics[0], "topic alias 2")], messages.Select(m => (m.Topic, m.Text)));

        // an alias the broker never saw ends the connection with 0x94
        using var raw = await RawMqttClient.ConnectAsync(Port, new MqttConnectPacket { ClientId = "myclientid2", CleanSession = true, KeepAlivePeriod = 60 });
        await raw.SendAsync(new MqttPublishPacket { Topic = "", TopicAlias = 2, PayloadSegment = "x"u8.ToArray() });
        Assert.Equal(MqttDisconnectReasonCode.TopicAliasInvalid, (await raw.ClosedAsync())?.ReasonCode);
    }

    [Fact]
    public async Task Server_topic_alias()
    {
        var client = await ClientAsync("myclientid", configure: c => c.WithTopicAliasMaximum(1));
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        for (var i = 1; i <= 3; i++) await client.PublishAsync(Topics[0], $"topic alias {i}", MqttQualityOfServiceLevel.AtLeastOnce);
        var messages = await client.WaitForAsync(3);
        // the first message sets alias 1, the others use it alone (MQTTnet's client hands over the topic as sent, where Paho's resolves it)
        Assert.Equal([(Topics[0], (ushort)1), ("", (ushort)1), ("", (ushort)1)], messages.Select(m => (m.Topic, m.Message.TopicAlias)));
    }

    [Fact]
    public async Task Maximum_packet_size()
    {
        var client = await ClientAsync("myclientid", configure: c => c.WithMaximumPacketSize(64));
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.PublishAsync(Topics[0], new string('.', 100), MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishAsync(Topics[0], "small", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(["small"], (await client.SettledAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task Server_keep_alive()
    {
        var client = await ClientAsync("myclientid", configure: c => c.WithKeepAlivePeriod(TimeSpan.FromSeconds(120)));
        Assert.Equal(60, client.Connected.ServerKeepAlive);
    }

    [Fact]
    public async Task Flow_control1()
    {
        var client = await ClientAsync("myclientid", configure: c => c.WithReceiveMaximum(2), acknowledge: false);
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        var publisher = await ClientAsync("myclientid2");
        for (var i = 0; i < 5; i++) await publisher.PublishAsync(Topics[0], $"receive maximum {i}", MqttQualityOfServiceLevel.AtLeastOnce);
        // unacknowledged, the client's Receive Maximum of 2 holds the rest back
        Assert.Equal(2, (await client.SettledAsync()).Count);
    }

    [Fact]
    public async Task Flow_control2()
    {
        using var client = await RawMqttClient.ConnectAsync(Port, new MqttConnectPacket { ClientId = "myclientid", CleanSession = true, KeepAlivePeriod = 60 });
        var receiveMaximum = client.ConnAck.ReceiveMaximum;
        Assert.True(receiveMaximum is > 0 and < 65_535, $"receive maximum {receiveMaximum}");
        // one QoS 2 message more than the broker's Receive Maximum, none released
        for (var i = 1; i <= receiveMaximum + 1; i++)
            await client.SendAsync(new MqttPublishPacket { Topic = Topics[0], QualityOfServiceLevel = MqttQualityOfServiceLevel.ExactlyOnce, PacketIdentifier = (ushort)i, PayloadSegment = "x"u8.ToArray() });
        Assert.Equal(MqttDisconnectReasonCode.ReceiveMaximumExceeded, (await client.ClosedAsync())?.ReasonCode);
    }

    [Fact]
    public async Task Will_delay()
    {
        var watcher = await ClientAsync("myclientid2");
        await watcher.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        var device = await RawMqttClient.ConnectAsync(Port, new MqttConnectPacket
        {
            ClientId = "myclientid", CleanSession = true, KeepAlivePeriod = 60, SessionExpiryInterval = 5, WillFlag = true, WillTopic = Topics[0],
            WillMessage = "test_will_delay will message"u8.ToArray(), WillDelayInterval = 3, WillQoS = MqttQualityOfServiceLevel.AtLeastOnce,
        });
        var dropped = DateTime.UtcNow;
        device.Dispose();
        var will = (await watcher.WaitForAsync(1))[0];
        Assert.Equal("test_will_delay will message", will.Text);
        Assert.True(DateTime.UtcNow - dropped >= TimeSpan.FromSeconds(2.5), $"the will came {DateTime.UtcNow - dropped} after the drop");
    }

    [Fact]
    public async Task Shared_subscriptions()
    {
        var first = await ClientAsync("myclientid");
        var second = await ClientAsync("myclientid2");
        var shared = "$share/sharename/" + Topics[0];
        await first.SubscribeAsync(shared, MqttQualityOfServiceLevel.ExactlyOnce);
        await first.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await second.SubscribeAsync(shared, MqttQualityOfServiceLevel.ExactlyOnce);
        await second.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        const int count = 10;
        for (var i = 0; i < count; i++) await first.PublishAsync(Topics[0], $"message {i}", MqttQualityOfServiceLevel.AtLeastOnce);
        await Task.Delay(1000, Cancellation);
        // each client gets every message through its own subscription, and the shared ones between them, each once
        var firstCount = first.Messages.Count - count;
        var secondCount = second.Messages.Count - count;
        Assert.Equal(count, firstCount + secondCount);
        Assert.True(firstCount > 0 && secondCount > 0, $"{firstCount} / {secondCount}");
    }
}
