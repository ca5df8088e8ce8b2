using System.Buffers;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// A registered <c>run msg client</c> subscription: its id (<c>Subscription ID: 0001</c>), broker and topic blocks with their
/// counters. Disposing it unregisters its topics.
/// </summary>
public interface ITopicSubscription : IDisposable
{
    int Id { get; }

    MessageSubscription Definition { get; }

    /// <summary>The topic blocks in declaration order, with their compiled columns and message counters.</summary>
    IReadOnlyList<TopicStatus> Topics { get; }

    /// <summary>
    /// Maps a message received on this subscription's own connection (an external broker) with its first topic block
    /// whose filter matches <paramref name="topic"/>; same contract as <see cref="ITopicIngest.IngestMessageAsync(string,string,string?,ReadOnlySequence{byte},CancellationToken)"/>.
    /// </summary>
    ValueTask<IngestResult> IngestAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellation);
}
