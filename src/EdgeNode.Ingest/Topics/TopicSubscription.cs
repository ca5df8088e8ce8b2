using System.Buffers;
using System.Collections.Concurrent;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Topics;

/// <summary>
/// A registered <c>run msg client</c> subscription: its topic blocks in declaration order. A message goes to the first
/// block whose filter matches its topic; the choice is cached per topic name (bounded) so the hot path is one lookup.
/// </summary>
internal sealed class TopicSubscription : ITopicSubscription
{
    private const int MaxCachedTopics = 4096;

    private readonly TopicRegistry _registry;
    private readonly ConcurrentDictionary<string, TopicBinding?> _routes = new(StringComparer.Ordinal);

    public TopicSubscription(int id, MessageSubscription definition, TopicRegistry registry)
    {
        Id = id;
        Definition = definition;
        _registry = registry;
    }

    public int Id { get; }
    public MessageSubscription Definition { get; }
    internal List<TopicBinding> Bindings { get; } = [];

    public IReadOnlyList<TopicStatus> Topics => Bindings.Select(b => b.Status()).ToList();

    public TopicBinding? Route(string topic)
    {
        if (_routes.TryGetValue(topic, out var cached)) return cached;
        TopicBinding? found = null;
        foreach (var binding in Bindings)
        {
            if (!TopicFilter.Matches(binding.Topic.Name, topic)) continue;
            found = binding;
            break;
        }
        if (_routes.Count < MaxCachedTopics) _routes.TryAdd(topic, found);
        return found;
    }

    public ValueTask<IngestResult> IngestAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellation) =>
        Route(topic) is { } binding
            ? binding.IngestAsync(topic, payload, cancellation)
            : ValueTask.FromResult(IngestResult.Error(ErrorCode.NoClientMapping,
                $"subscription {Id:D4} has no topic block for '{topic}'"));

    public void Dispose()
    {
        _registry.Remove(this);
        foreach (var binding in Bindings) binding.Close();
    }
}
