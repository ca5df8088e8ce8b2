using System.Buffers;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// Messages published on a topic and mapped to rows by a <c>run msg client</c> subscription (SPEC §8): the MQTT client, the
/// node's own broker and REST <c>POST</c> with <c>command: data</c> and a <c>topic</c> header all deliver through this.
/// Implemented by the Ingest module, which owns the mapping engine and the subscriptions' topic blocks; registered with
/// <c>node.Services.Add&lt;ITopicIngest&gt;(...)</c>. The transports (Network) own the connections.
/// <para>
/// Ingest calls read the payload before they return: the message is mapped and its rows appended to the streamer
/// synchronously, and the returned task completes once those rows are journaled (fsynced). A transport may therefore
/// reuse the payload memory as soon as the call returns, keep many messages in flight, and acknowledge each (MQTT
/// PUBACK/PUBREC, REST reply) when its task completes.
/// </para>
/// </summary>
public interface ITopicIngest
{
    /// <summary>
    /// Maps <paramref name="payload"/> (a JSON message) with the topic block of the subscription registered for
    /// (<paramref name="broker"/>, <paramref name="topic"/>) and appends the rows in streaming mode.
    /// <paramref name="broker"/> is <c>"rest"</c> for REST calls, which also pass the caller's product
    /// (<c>User-Agent</c>/<c>AnyLog-Agent</c> before the '/', lowercased) as <paramref name="userAgent"/> for subscriptions
    /// declared with <c>user-agent = ...</c>; it is <c>"local"</c> for messages published to the node's own broker.
    /// Returns <see cref="Commands.ErrorCode.NoClientMapping"/> when no subscription matches the topic, and
    /// <see cref="Commands.ErrorCode.JsonError"/> with the reason when the message cannot be mapped.
    /// </summary>
    ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlyMemory<byte> payload,
        CancellationToken cancellation);

    /// <summary>As <see cref="IngestMessageAsync(string,string,string?,ReadOnlyMemory{byte},CancellationToken)"/> for a payload in segments (MQTT).</summary>
    ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlySequence<byte> payload,
        CancellationToken cancellation);

    /// <summary>True when a subscription of <paramref name="broker"/> maps <paramref name="topic"/> (the broker counts the others).</summary>
    bool IsSubscribed(string broker, string topic);

    /// <summary>
    /// Registers a subscription: compiles every topic block (columns, <c>bring</c> paths, types) and reserves its topics
    /// for the broker. Throws <see cref="Commands.CommandSyntaxException"/> for a block that cannot be compiled or a topic
    /// already registered for the same broker. The subscription maps messages until it is disposed.
    /// </summary>
    ITopicSubscription Subscribe(MessageSubscription subscription);

    /// <summary>The subscriptions registered, by id.</summary>
    IReadOnlyList<ITopicSubscription> Subscriptions { get; }
}
