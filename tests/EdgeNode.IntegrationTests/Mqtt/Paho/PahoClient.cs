using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeNode.IntegrationTests.Mqtt.Paho;

/// <summary>
/// An MQTTnet client as the Paho interoperability suite's test client uses its own: it records every message it
/// receives (copied at once) and, while <see cref="Acknowledge"/> is false, leaves them unacknowledged (Paho's
/// <c>pause</c>).
/// </summary>
internal sealed class PahoClient : IAsyncDisposable
{
    private readonly List<Received> _messages = [];

    private PahoClient(IMqttClient client) => Client = client;

    public IMqttClient Client { get; }
    public MqttClientConnectResult Connected { get; private set; } = null!;
    public bool Acknowledge { get; set; } = true;

    /// <summary>A message as received: topic, payload text, QoS, retain flag and the whole message for its properties.</summary>
    public sealed record Received(string Topic, string Text, MqttQualityOfServiceLevel Qos, bool Retain, MqttApplicationMessage Message);

    public IReadOnlyList<Received> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public static async Task<PahoClient> ConnectAsync(int port, string clientId, MqttProtocolVersion version, bool clean = true,
        Action<MqttClientOptionsBuilder>? configure = null, bool acknowledge = true)
    {
        var client = new PahoClient(new MqttClientFactory().CreateMqttClient()) { Acknowledge = acknowledge };
        client.Client.ApplicationMessageReceivedAsync += client.OnMessageAsync;
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithProtocolVersion(version)
            .WithCleanSession(clean).WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).WithTimeout(TimeSpan.FromSeconds(10));
        configure?.Invoke(builder);
        client.Connected = await client.Client.ConnectAsync(builder.Build(), TestContext.Current.CancellationToken);
        return client;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        lock (_messages)
            _messages.Add(new Received(message.Topic, Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(message.Payload)),
                message.QualityOfServiceLevel, message.Retain, message));
        e.AutoAcknowledge = Acknowledge;
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<MqttClientSubscribeResultCode>> SubscribeAsync(string filter, MqttQualityOfServiceLevel qos,
        Action<MqttTopicFilterBuilder>? options = null, uint subscriptionId = 0)
    {
        var topic = new MqttTopicFilterBuilder().WithTopic(filter).WithQualityOfServiceLevel(qos);
        options?.Invoke(topic);
        var builder = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic.Build());
        if (subscriptionId > 0) builder.WithSubscriptionIdentifier(subscriptionId);
        var result = await Client.SubscribeAsync(builder.Build(), TestContext.Current.CancellationToken);
        return [.. result.Items.Select(i => i.ResultCode)];
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtMostOnce,
        bool retain = false, Action<MqttApplicationMessageBuilder>? configure = null)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain);
        configure?.Invoke(builder);
        return Client.PublishAsync(builder.Build(), TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until <paramref name="count"/> messages are in (failing after <paramref name="seconds"/>).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Messages.Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{Messages.Count} of {count} messages after {seconds} s: {string.Join(", ", Messages.Select(m => m.Topic))}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        return Messages;
    }

    /// <summary>The messages received once nothing more came for <paramref name="milliseconds"/> (Paho's <c>time.sleep</c>).</summary>
    public async Task<IReadOnlyList<Received>> SettledAsync(int milliseconds = 1000)
    {
        await Task.Delay(milliseconds, TestContext.Current.CancellationToken);
        return Messages;
    }

    public Task DisconnectAsync(MqttClientDisconnectOptionsReason reason = MqttClientDisconnectOptionsReason.NormalDisconnection, uint? sessionExpiry = null)
    {
        var options = new MqttClientDisconnectOptionsBuilder().WithReason(reason);
        if (sessionExpiry is { } expiry) options.WithSessionExpiryInterval(expiry);
        return Client.IsConnected ? Client.DisconnectAsync(options.Build(), TestContext.Current.CancellationToken) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected) await Client.DisconnectAsync();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // the broker already ended the connection
        }
        Client.Dispose();
    }
}
