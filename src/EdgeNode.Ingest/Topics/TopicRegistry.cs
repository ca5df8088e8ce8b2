using System.Buffers;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metadata;
using EdgeNode.Ingest.Blobs;
using EdgeNode.Ingest.Mapping;
using EdgeNode.Ingest.Streaming;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Topics;

/// <summary>
/// The node's <see cref="ITopicIngest"/>: every <c>run msg client</c> subscription (external brokers, the node's own
/// broker as <c>local</c>, REST as <c>rest</c>) with its compiled topic blocks. A topic filter can be registered once
/// per broker (SPEC §8). Messages of <c>local</c> and <c>rest</c> are routed here by broker and topic; a subscription
/// with its own connection maps through <see cref="ITopicSubscription.IngestAsync"/>.
/// </summary>
internal sealed class TopicRegistry(Node node, Streamer streamer, BlobInbox blobs) : ITopicIngest
{
    private readonly object _gate = new();
    private volatile TopicSubscription[] _subscriptions = [];
    private int _lastId;

    public IReadOnlyList<ITopicSubscription> Subscriptions => _subscriptions;

    public ITopicSubscription Subscribe(MessageSubscription definition)
    {
        if (definition.Topics.Count == 0)
            throw new CommandSyntaxException("a message client needs at least one 'topic = (name = ... and dbms = ... and table = ...)'",
                0, ErrorCode.MissingOption);
        lock (_gate)
        {
            var subscription = new TopicSubscription(_lastId + 1, definition, this);
            foreach (var topic in definition.Topics)
            {
                if (TopicFilter.Validate(topic.Name) is { } invalid)
                    throw new CommandSyntaxException($"topic '{topic.Name}': {invalid}", 0, ErrorCode.WrongOptionType);
                if (subscription.Bindings.Any(b => b.Topic.Name == topic.Name) || Registered(definition.Broker, topic.Name) is not null)
                    throw new CommandSyntaxException(
                        $"topic '{topic.Name}' is already registered for broker '{definition.Broker}'" +
                        (Registered(definition.Broker, topic.Name) is { } other ? $" by subscription {other.Id:D4}" : ""),
                        0, ErrorCode.WrongOption);
                subscription.Bindings.Add(new TopicBinding(node, streamer, blobs, subscription, topic, Compile(topic)));
            }
            _lastId++;
            _subscriptions = [.. _subscriptions, subscription];
            return subscription;
        }
    }

    private MessageMapping Compile(MessageTopic topic)
    {
        JsonElement? policy = null;
        if (topic.Policy is { Length: > 0 } id)
        {
            var found = node.Services.Find<IMetadata>()?.GetPolicy(id);
            if (found is null || found.Type != "mapping")
                throw new CommandSyntaxException($"topic '{topic.Name}': mapping policy '{id}' is not in the metadata", 0,
                    ErrorCode.PolicyNotFound);
            policy = JsonSerializer.SerializeToElement(found.Body, NodeJsonContext.Default.JsonObject);
        }
        try
        {
            return MappingCompiler.FromTopic(topic, policy, blobs.ReadReferenced);
        }
        catch (MappingException e)
        {
            throw new CommandSyntaxException($"topic '{topic.Name}': {e.Message}", 0, ErrorCode.WrongOptionType);
        }
    }

    private TopicSubscription? Registered(string broker, string topic) =>
        _subscriptions.FirstOrDefault(s => SameBroker(s, broker) && s.Bindings.Any(b => b.Topic.Name == topic));

    private static bool SameBroker(TopicSubscription subscription, string broker) =>
        string.Equals(subscription.Definition.Broker, broker, StringComparison.OrdinalIgnoreCase);

    internal void Remove(TopicSubscription subscription)
    {
        lock (_gate) _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
    }

    public bool IsSubscribed(string broker, string topic) => Find(broker, topic, null) is not null;

    private TopicBinding? Find(string broker, string topic, string? userAgent)
    {
        foreach (var subscription in _subscriptions)
        {
            if (!SameBroker(subscription, broker)) continue;
            if (userAgent is not null && subscription.Definition.UserAgent is { } accepted
                && !accepted.Equals(userAgent, StringComparison.OrdinalIgnoreCase)) continue;
            if (subscription.Route(topic) is { } binding) return binding;
        }
        return null;
    }

    public ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlyMemory<byte> payload,
        CancellationToken cancellation) =>
        IngestMessageAsync(broker, topic, userAgent, new ReadOnlySequence<byte>(payload), cancellation);

    public ValueTask<IngestResult> IngestMessageAsync(string broker, string topic, string? userAgent, ReadOnlySequence<byte> payload,
        CancellationToken cancellation)
    {
        if (Find(broker, topic, userAgent) is { } binding) return binding.IngestAsync(topic, payload, cancellation);
        var agent = userAgent is null ? "" : $" and user-agent '{userAgent}'";
        return ValueTask.FromResult(IngestResult.Error(ErrorCode.NoClientMapping,
            $"no client mapping for topic '{topic}' of broker '{broker}'{agent}: declare one with 'run msg client where broker = {broker} and topic = (name = {topic} and dbms = ... and table = ...)'"));
    }
}
