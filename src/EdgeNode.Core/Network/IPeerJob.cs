using System.Threading.Channels;
using EdgeNode.Core.Binding;

namespace EdgeNode.Core.Network;

/// <summary>
/// A request in flight: its slot in the job table (the job location and unique id peers echo in their replies), and the
/// replies as they arrive. <see cref="Messages"/> completes when every destination finished (all partitions of a
/// <c>job reply</c>, or one print/echo message), failed, or the timeout passed.
/// </summary>
public interface IPeerJob : IAsyncDisposable
{
    int JobLocation { get; }

    uint JobId { get; }

    IReadOnlyList<IpPort> Destinations { get; }

    ChannelReader<PeerJobMessage> Messages { get; }

    /// <summary>The status of each destination, in destination order (Pending until it finished).</summary>
    IReadOnlyList<PeerReplyStatus> Statuses { get; }
}
