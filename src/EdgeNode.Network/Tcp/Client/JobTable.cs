using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The node's table of requests waiting for peer replies. A reply names its job by location (the slot) and unique id;
/// a reply whose id no longer matches the slot (the job ended and the slot was reused) is not delivered. Ids start at
/// a random value so replies meant for an earlier run of the node do not match either.
/// </summary>
internal sealed class JobTable(TimeProvider time)
{
    public const int Capacity = 1024;

    private readonly PeerJob?[] _slots = new PeerJob?[Capacity];
    private readonly object _gate = new();
    private int _next;
    private uint _lastId = (uint)Random.Shared.Next();

    /// <summary>Takes a free slot for a new job, or returns null when every slot is in use.</summary>
    public PeerJob? Create(IReadOnlyList<IpPort> destinations, TimeSpan timeout, Action<IpPort, bool, string> statusChanged)
    {
        lock (_gate)
        {
            for (var tried = 0; tried < Capacity; tried++)
            {
                var location = _next;
                _next = (_next + 1) % Capacity;
                if (_slots[location] is not null) continue;
                var id = unchecked(++_lastId);
                if (id == 0) id = ++_lastId; // 0 marks "no job" on the wire
                var job = new PeerJob(location, id, destinations, timeout, time, statusChanged, Release);
                _slots[location] = job;
                return job;
            }
        }
        return null;
    }

    /// <summary>The job a reply belongs to, or null when it ended (late or foreign reply).</summary>
    public PeerJob? Find(int location, uint id)
    {
        if ((uint)location >= Capacity || id == 0) return null;
        var job = Volatile.Read(ref _slots[location]);
        return job is not null && job.JobId == id ? job : null;
    }

    /// <summary>Ends every job still waiting for replies (<see cref="PeerJob.Abandon"/>): the replies cannot reach this node any more.</summary>
    public void AbandonAll(string reason)
    {
        PeerJob?[] live;
        lock (_gate) live = (PeerJob?[])_slots.Clone();
        foreach (var job in live) job?.Abandon(reason);
    }

    private void Release(PeerJob job)
    {
        lock (_gate)
            if (ReferenceEquals(_slots[job.JobLocation], job)) _slots[job.JobLocation] = null;
    }
}
