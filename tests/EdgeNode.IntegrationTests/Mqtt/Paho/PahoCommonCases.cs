using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using static EdgeNode.IntegrationTests.Mqtt.Paho.PahoBroker;

namespace EdgeNode.IntegrationTests.Mqtt.Paho;

/// <summary>
/// The cases the Eclipse Paho interoperability suites (paho.mqtt.testing, interoperability/client_test.py and
/// client_test5.py) share for MQTT 3.1.1 and 5, written again with MQTTnet's client because the suites cannot be fetched
/// here. Each runs alone against a new broker with the documented configuration (<see cref="PahoBroker"/>), with the
/// suite's topics and its assertions.
/// </summary>
public abstract class PahoCommonCases : IAsyncLifetime
{
    private readonly MqttTestNode _node = new();
    private readonly List<IAsyncDisposable> _clients = [];

    protected abstract MqttProtocolVersion Version { get; }

    protected int Port { get; private set; }

    private protected MqttTestNode Node => _node;

    public async ValueTask InitializeAsync() => Port = await StartAsync(_node);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        await _node.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected async Task<PahoClient> ClientAsync(string clientId, bool clean = true, Action<MqttClientOptionsBuilder>? configure = null, bool acknowledge = true)
    {
        var client = await PahoClient.ConnectAsync(Port, clientId, Version, clean, configure, acknowledge);
        _clients.Add(client);
        return client;
    }

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Basic()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.PublishAsync(Topics[0], "qos 0");
        await client.PublishAsync(Topics[0], "qos 1", MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishAsync(Topics[0], "qos 2", MqttQualityOfServiceLevel.ExactlyOnce);
        var messages = await client.WaitForAsync(3);
        await client.DisconnectAsync();
        Assert.Equal(["qos 0", "qos 1", "qos 2"], messages.Select(m => m.Text));
        Assert.Equal(3, (await client.SettledAsync(500)).Count);
    }

    [Fact]
    public async Task Retained_messages()
    {
        var client = await ClientAsync("myclientid");
        await client.PublishAsync(Topics[1], "qos 0", MqttQualityOfServiceLevel.AtMostOnce, retain: true);
        await client.PublishAsync(Topics[2], "qos 1", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        await client.PublishAsync(Topics[3], "qos 2", MqttQualityOfServiceLevel.ExactlyOnce, retain: true);
        await Task.Delay(500, Cancellation);
        await client.SubscribeAsync(WildTopics[5], MqttQualityOfServiceLevel.ExactlyOnce);
        var messages = await client.SettledAsync();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.True(m.Retain));
        Assert.Equal([(Topics[2], MqttQualityOfServiceLevel.AtLeastOnce), (Topics[1], MqttQualityOfServiceLevel.AtMostOnce), (Topics[3], MqttQualityOfServiceLevel.ExactlyOnce)],
            messages.Select(m => (m.Topic, m.Qos)).OrderBy(m => m.Topic, StringComparer.Ordinal));

        // clear the retained messages: a new subscriber gets none
        foreach (var topic in Topics[1..4]) await client.PublishAsync(topic, "", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        var later = await ClientAsync("clean retained");
        await later.SubscribeAsync("#", MqttQualityOfServiceLevel.AtMostOnce);
        Assert.Empty(await later.SettledAsync());
    }

    [Fact]
    public async Task Will_message()
    {
        var watcher = await ClientAsync("myclientid2");
        await watcher.SubscribeAsync(Topics[2], MqttQualityOfServiceLevel.ExactlyOnce);
        // the client "crashes": its socket closes without DISCONNECT
        var device = await RawMqttClient.ConnectAsync(Port, new MqttConnectPacket
        {
            ClientId = "myclientid", CleanSession = true, KeepAlivePeriod = 2, WillFlag = true, WillTopic = Topics[2],
            WillMessage = Encoding.UTF8.GetBytes("client not disconnected"), WillQoS = MqttQualityOfServiceLevel.AtMostOnce,
        }, Version);
        device.Dispose();
        var messages = await watcher.WaitForAsync(1);
        Assert.Equal((Topics[2], "client not disconnected"), (messages[0].Topic, messages[0].Text));
    }

    [Fact]
    public async Task Offline_message_queueing()
    {
        var offline = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(Version == MqttProtocolVersion.V500 ? 99_999u : 0));
        await offline.SubscribeAsync(WildTopics[5], MqttQualityOfServiceLevel.ExactlyOnce);
        await offline.DisconnectAsync();
        var publisher = await ClientAsync("myclientid2");
        await publisher.PublishAsync(Topics[1], "qos 0");
        await publisher.PublishAsync(Topics[2], "qos 1", MqttQualityOfServiceLevel.AtLeastOnce);
        await publisher.PublishAsync(Topics[3], "qos 2", MqttQualityOfServiceLevel.ExactlyOnce);
        await publisher.DisconnectAsync();
        var back = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(Version == MqttProtocolVersion.V500 ? 99_999u : 0));
        var messages = await back.SettledAsync(2000);
        // the broker may or may not queue QoS 0 messages for an absent client: 2 or 3
        Assert.InRange(messages.Count, 2, 3);
        Assert.Contains(messages, m => m.Text == "qos 1");
        Assert.Contains(messages, m => m.Text == "qos 2");
    }

    [Fact]
    public async Task Overlapping_subscriptions()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(WildTopics[6], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.SubscribeAsync(WildTopics[0], MqttQualityOfServiceLevel.AtLeastOnce);
        await client.PublishAsync(Topics[3], "overlapping topic filters", MqttQualityOfServiceLevel.ExactlyOnce);
        var messages = await client.SettledAsync();
        // one message at QoS 2, or one per subscription at QoS 1 and 2
        Assert.True(messages is [{ Qos: MqttQualityOfServiceLevel.ExactlyOnce }]
                    || (messages.Count == 2 && messages.Select(m => m.Qos).Order().SequenceEqual([MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.ExactlyOnce])),
            string.Join(", ", messages));
        Assert.All(messages, m => Assert.Equal("overlapping topic filters", m.Text));
    }

    [Fact]
    public async Task Keepalive()
    {
        var watcher = await ClientAsync("myclientid2");
        await watcher.SubscribeAsync(Topics[4], MqttQualityOfServiceLevel.ExactlyOnce);
        // connects with a keep alive of 2 s and then sends nothing: the broker ends it after 1.5 x and publishes the will
        using var silent = await RawMqttClient.ConnectAsync(Port, new MqttConnectPacket
        {
            ClientId = "myclientid", CleanSession = true, KeepAlivePeriod = 2, WillFlag = true, WillTopic = Topics[4],
            WillMessage = Encoding.UTF8.GetBytes("keepalive expiry"), WillQoS = MqttQualityOfServiceLevel.AtLeastOnce,
        }, Version);
        var messages = await watcher.WaitForAsync(1, seconds: 15);
        Assert.Equal((Topics[4], "keepalive expiry"), (messages[0].Topic, messages[0].Text));
    }

    [Fact]
    public async Task Redelivery_on_reconnect()
    {
        var expiry = Version == MqttProtocolVersion.V500 ? 99_999u : 0;
        var paused = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(expiry), acknowledge: false);
        await paused.SubscribeAsync(WildTopics[6], MqttQualityOfServiceLevel.ExactlyOnce);
        var publisher = await ClientAsync("myclientid2");
        await publisher.PublishAsync(Topics[1], "", MqttQualityOfServiceLevel.AtLeastOnce);
        await publisher.PublishAsync(Topics[3], "", MqttQualityOfServiceLevel.ExactlyOnce);
        await paused.WaitForAsync(2); // received, never acknowledged
        await paused.DisconnectAsync();
        var back = await ClientAsync("myclientid", clean: false, c => c.WithSessionExpiryInterval(expiry));
        var messages = await back.WaitForAsync(2);
        Assert.Equal([Topics[1], Topics[3]], messages.Select(m => m.Topic));
        Assert.Equal(2, (await back.SettledAsync(500)).Count);
    }

    [Fact]
    public async Task Subscribe_failure()
    {
        var client = await ClientAsync("myclientid");
        Assert.Equal([MqttClientSubscribeResultCode.UnspecifiedError], await client.SubscribeAsync(NoSubscribe, MqttQualityOfServiceLevel.ExactlyOnce));
    }

    [Fact]
    public async Task Dollar_topics()
    {
        var client = await ClientAsync("myclientid", clean: true);
        await client.SubscribeAsync(WildTopics[5], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.SubscribeAsync(WildTopics[2], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.PublishAsync("$" + Topics[1], "", MqttQualityOfServiceLevel.AtLeastOnce, retain: false);
        Assert.Empty(await client.SettledAsync());
    }

    [Fact]
    public async Task Unsubscribe()
    {
        var client = await ClientAsync("myclientid");
        await client.SubscribeAsync(Topics[0], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.SubscribeAsync(Topics[1], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.SubscribeAsync(Topics[2], MqttQualityOfServiceLevel.ExactlyOnce);
        await client.Client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(Topics[0]).Build(), Cancellation);
        await client.Client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(Topics[1]).Build(), Cancellation);
        var publisher = await ClientAsync("myclientid2");
        foreach (var topic in Topics[..3]) await publisher.PublishAsync(topic, topic, MqttQualityOfServiceLevel.AtLeastOnce);
        var messages = await client.SettledAsync();
        Assert.Equal([Topics[2]], messages.Select(m => m.Topic));
    }

    [Fact]
    public async Task Zero_length_clientid()
    {
        if (Version == MqttProtocolVersion.V500)
        {
            // MQTT 5: the broker assigns one, also without clean start (MQTTnet will not send that: written byte by byte)
            using var kept = await RawMqttClient.ConnectAsync(Port, [0x10, 13, 0, 4, .. "MQTT"u8, 5, 0x00, 0, 60, 0, 0, 0], Version);
            Assert.Equal(MqttConnectReasonCode.Success, kept.ConnAck.ReasonCode);
            Assert.False(string.IsNullOrEmpty(kept.ConnAck.AssignedClientIdentifier));
            var assigned = await ClientAsync("", clean: true);
            Assert.Equal(MqttClientConnectResultCode.Success, assigned.Connected.ResultCode);
            Assert.False(string.IsNullOrEmpty(assigned.Connected.AssignedClientIdentifier));
            return;
        }
        // MQTTnet will not encode this CONNECT (MQTT 3.1.1, clean session 0, keep alive 60, empty client id): written byte by byte
        using (var refused = await RawMqttClient.ConnectAsync(Port, [0x10, 12, 0, 4, .. "MQTT"u8, 4, 0x00, 0, 60, 0, 0], Version))
            Assert.Equal(MqttConnectReturnCode.ConnectionRefusedIdentifierRejected, refused.ConnAck.ReturnCode);
        var accepted = await ClientAsync("", clean: true);
        Assert.Equal(MqttClientConnectResultCode.Success, accepted.Connected.ResultCode);
    }
}
