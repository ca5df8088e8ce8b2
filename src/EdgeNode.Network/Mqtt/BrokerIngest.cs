using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Processes;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Local ingest for the node's broker, hooked into MQTTnet's interceptors. A PUBLISH on a topic that a
/// <c>run msg client where broker = local</c> subscription maps is mapped and its rows appended to the streamer while the
/// receive loop handles it; the PUBACK (QoS 1) or PUBREC (QoS 2) waits in the client's send loop until those rows are
/// journaled, so the receive loop keeps reading and many messages share one fsync. A QoS 2 retransmission (same packet id
/// before PUBREL) is acknowledged again but neither mapped nor delivered twice. QoS 0 messages are journaled in the
/// background by one loop that also bounds how many are in flight.
/// </summary>
internal sealed class BrokerIngest(Node node, BrokerStatistics statistics, int threads)
{
    public const string Broker = "local";
    private const int MaxQos0InFlight = 8192;

    private readonly MqttDebug _debug = node.Services.Get<MqttDebug>();

    /// <summary>
    /// EdgeLake's broker workers (<c>threads</c>): at most that many PUBLISH messages are mapped at once, and
    /// <c>get msg pool</c> shows the topic each one handles.
    /// </summary>
    public PoolThreads Threads { get; } = new(threads, node.Time);

    private readonly Channel<PendingIngest> _qos0 = Channel.CreateBounded<PendingIngest>(
        new BoundedChannelOptions(MaxQos0InFlight) { SingleReader = true });

    /// <summary>Records the id, QoS and DUP flag of each PUBLISH, and releases QoS 2 ids on PUBREL.</summary>
    public Task OnInboundAsync(InterceptingPacketEventArgs e)
    {
        switch (e.Packet)
        {
            case MqttPublishPacket publish:
                var state = BrokerSessionState.Of(e.SessionItems);
                var duplicate = publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce
                                && state.AwaitingRelease.ContainsKey(publish.PacketIdentifier);
                state.Current = new InboundPublish(publish.PacketIdentifier, publish.QualityOfServiceLevel, duplicate);
                break;
            case MqttPubRelPacket release:
                BrokerSessionState.Of(e.SessionItems).AwaitingRelease.TryRemove(release.PacketIdentifier, out _);
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary>Maps the message when a local subscription wants it, on a free worker; the broker then delivers it to its subscribers.</summary>
    public async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var worker = await Threads.EnterAsync(e.ApplicationMessage.Topic, e.ClientId, e.CancellationToken);
        try
        {
            await PublishAsync(e);
        }
        finally
        {
            Threads.Exit(worker);
        }
    }

    private async Task PublishAsync(InterceptingPublishEventArgs e)
    {
        var state = BrokerSessionState.Of(e.SessionItems);
        var current = state.Current;
        state.Current = null; // a will message, published after the connection ended, has no packet of its own
        var message = e.ApplicationMessage;
        statistics.Success(BrokerStatistics.Publish);
        if (current is { Duplicate: true })
        {
            e.ProcessPublish = false; // already delivered: the PUBREC goes out again, nothing else
            return;
        }
        if (current is { Qos: MqttQualityOfServiceLevel.ExactlyOnce }) state.AwaitingRelease[current.PacketId] = 0;
        var counter = statistics.Topic(message.Topic, e.ClientId);
        counter.Received();
        var ingest = node.Services.Find<ITopicIngest>();
        if (ingest is null || !ingest.IsSubscribed(Broker, message.Topic))
        {
            counter.Done(true);
            statistics.Success(BrokerStatistics.NotMapped); // delivered to subscribers only; EdgeLake's "Unrecognized mqtt topic"
            if (_debug.On) _debug.Print($"broker (client '{e.ClientId}')", message.Topic, message.QualityOfServiceLevel, message.Payload, "not mapped");
            return;
        }
        // the mapping and the journal append happen inside this call; the returned task completes when the rows are durable
        var journaled = IngestAsync(ingest, e).AsTask();
        var pending = new PendingIngest(journaled, counter);
        if (current is { Qos: > MqttQualityOfServiceLevel.AtMostOnce })
            state.Pending[current.PacketId] = pending;
        else if (!_qos0.Writer.TryWrite(pending))
            await QueueAsync(pending);
    }

    private ValueTask<IngestResult> IngestAsync(ITopicIngest ingest, InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        return _debug.On
            ? _debug.WatchAsync(ingest.IngestMessageAsync(Broker, message.Topic, null, message.Payload, e.CancellationToken),
                $"broker (client '{e.ClientId}')", message.Topic, message.QualityOfServiceLevel, message.Payload)
            : ingest.IngestMessageAsync(Broker, message.Topic, null, message.Payload, e.CancellationToken);
    }

    private async Task QueueAsync(PendingIngest pending)
    {
        try
        {
            await _qos0.Writer.WriteAsync(pending, CancellationToken.None); // full: the publisher waits (back-pressure)
        }
        catch (ChannelClosedException)
        {
            await CompleteAsync(pending); // the broker is stopping
        }
    }

    /// <summary>Holds a PUBACK/PUBREC until the rows of its message are journaled; sets MQTT 5 reason codes.</summary>
    public async Task OnOutboundAsync(InterceptingPacketEventArgs e)
    {
        switch (e.Packet)
        {
            case MqttPubAckPacket ack when BrokerSessionState.Of(e.SessionItems).Pending.TryRemove(ack.PacketIdentifier, out var pending):
                var result = await CompleteAsync(pending);
                e.ProcessPacket = result.Code != ErrorCode.FileError; // not stored: no PUBACK, the client sends it again
                ack.ReasonCode = result.IsError ? MqttPubAckReasonCode.PayloadFormatInvalid : MqttPubAckReasonCode.Success;
                break;
            case MqttPubRecPacket received when BrokerSessionState.Of(e.SessionItems).Pending.TryRemove(received.PacketIdentifier, out var pending):
                var outcome = await CompleteAsync(pending);
                if (outcome.Code == ErrorCode.FileError)
                {
                    e.ProcessPacket = false;
                    BrokerSessionState.Of(e.SessionItems).AwaitingRelease.TryRemove(received.PacketIdentifier, out _);
                }
                received.ReasonCode = outcome.IsError ? MqttPubRecReasonCode.PayloadFormatInvalid : MqttPubRecReasonCode.Success;
                break;
        }
    }

    private async Task<IngestResult> CompleteAsync(PendingIngest pending)
    {
        IngestResult result;
        try
        {
            result = await pending.Ingest;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = IngestResult.Error(ErrorCode.ProcessFailure, e.Message);
        }
        pending.Counter.Done(!result.IsError);
        if (result.IsError) statistics.Error(BrokerStatistics.Publish, ((int)result.Code).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail);
        return result;
    }

    /// <summary>Journals QoS 0 messages in arrival order until <see cref="Complete"/> and the last one is done.</summary>
    public async Task RunAsync()
    {
        await foreach (var pending in _qos0.Reader.ReadAllAsync(CancellationToken.None))
            await CompleteAsync(pending);
    }

    /// <summary>No more QoS 0 messages: <see cref="RunAsync"/> ends once the queued ones are journaled.</summary>
    public void Complete() => _qos0.Writer.TryComplete();
}
