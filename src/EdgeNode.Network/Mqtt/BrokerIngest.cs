using System.Buffers;
using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Processes;
using MQTTnet.Protocol;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Local ingest for the node's broker. A PUBLISH on a topic that a <c>run msg client where broker = local</c>
/// subscription maps is mapped and its rows appended to the streamer while the receive loop handles it; the PUBACK
/// (QoS 1) or PUBREC (QoS 2) waits in the client's send queue until those rows are journaled, so the receive loop keeps
/// reading and many messages share one fsync. QoS 0 messages are journaled in the background by one loop that also
/// bounds how many are in flight.
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

    private readonly Channel<Task<IngestResult>> _qos0 = Channel.CreateBounded<Task<IngestResult>>(
        new BoundedChannelOptions(MaxQos0InFlight) { SingleReader = true });

    /// <summary>
    /// Counts the message and maps it when a local subscription wants it. For QoS 1/2 returns the journaling of its rows,
    /// which the acknowledgement waits for; null when it is not mapped or QoS 0 (journaled in the background).
    /// </summary>
    public async ValueTask<Task<IngestResult>?> MapAsync(string topic, ReadOnlySequence<byte> payload, byte qos, string client, CancellationToken cancellation)
    {
        statistics.Success(BrokerStatistics.Publish);
        var counter = statistics.Topic(topic, client);
        counter.Received();
        var ingest = node.Services.Find<ITopicIngest>();
        if (ingest is null || !ingest.IsSubscribed(Broker, topic))
        {
            counter.Done(true);
            statistics.Success(BrokerStatistics.NotMapped); // delivered to subscribers only; EdgeLake's "Unrecognized mqtt topic"
            if (_debug.On) _debug.Print($"broker (client '{client}')", topic, (MqttQualityOfServiceLevel)qos, payload, "not mapped");
            return null;
        }
        // the mapping and the journal append happen inside this call; the returned task completes when the rows are durable
        var mapped = _debug.On
            ? _debug.WatchAsync(ingest.IngestMessageAsync(Broker, topic, null, payload, cancellation), $"broker (client '{client}')", topic,
                (MqttQualityOfServiceLevel)qos, payload)
            : ingest.IngestMessageAsync(Broker, topic, null, payload, cancellation);
        var journaled = FinishAsync(mapped, counter);
        if (qos > 0) return journaled;
        if (!_qos0.Writer.TryWrite(journaled)) await QueueAsync(journaled);
        return null;
    }

    private async Task QueueAsync(Task<IngestResult> journaled)
    {
        try
        {
            await _qos0.Writer.WriteAsync(journaled, CancellationToken.None); // full: the publisher waits (back-pressure)
        }
        catch (ChannelClosedException)
        {
            await journaled; // the broker is stopping
        }
    }

    /// <summary>Counts the outcome of a mapped message once its rows are journaled (or failed).</summary>
    private async Task<IngestResult> FinishAsync(ValueTask<IngestResult> mapped, BrokerStatistics.TopicCounter counter)
    {
        IngestResult result;
        try
        {
            result = await mapped;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = IngestResult.Error(ErrorCode.ProcessFailure, e.Message);
        }
        counter.Done(!result.IsError);
        if (result.IsError) statistics.Error(BrokerStatistics.Publish, ((int)result.Code).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail);
        return result;
    }

    /// <summary>Journals QoS 0 messages in arrival order until <see cref="Complete"/> and the last one is done.</summary>
    public async Task RunAsync()
    {
        await foreach (var journaled in _qos0.Reader.ReadAllAsync(CancellationToken.None))
            await journaled;
    }

    /// <summary>No more QoS 0 messages: <see cref="RunAsync"/> ends once the queued ones are journaled.</summary>
    public void Complete() => _qos0.Writer.TryComplete();
}
