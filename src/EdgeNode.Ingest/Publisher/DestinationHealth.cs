using EdgeNode.Core.Binding;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// The operators the publisher failed to deliver to, each with its consecutive failures and when it may be tried again:
/// a quarter second after the first failure, doubling up to <see cref="MaxDelay"/>. A delivery clears the record.
/// Thread-safe.
/// </summary>
internal sealed class DestinationHealth(TimeProvider time)
{
    /// <summary>Longest wait between two tries of an operator that does not take files.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Dictionary<IpPort, (int Failures, DateTime Due)> _failing = [];

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Consecutive failures of the operator (0 when it took its last file, or was never tried).</summary>
    public int Failures(IpPort destination)
    {
        lock (_gate) return _failing.TryGetValue(destination, out var state) ? state.Failures : 0;
    }

    /// <summary>When the operator may be tried again (now or earlier when it is not failing).</summary>
    public DateTime Due(IpPort destination)
    {
        lock (_gate) return _failing.TryGetValue(destination, out var state) ? state.Due : DateTime.MinValue;
    }

    public void Failed(IpPort destination)
    {
        lock (_gate)
        {
            var failures = (_failing.TryGetValue(destination, out var state) ? state.Failures : 0) + 1;
            var delay = Math.Min(MaxDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10)));
            _failing[destination] = (failures, Now.AddMilliseconds(delay));
        }
    }

    public void Delivered(IpPort destination)
    {
        lock (_gate) _failing.Remove(destination);
    }

    /// <summary>The operators failing now, for <c>get publisher</c>.</summary>
    public IReadOnlyList<(IpPort Destination, int Failures)> Failing()
    {
        lock (_gate) return _failing.Select(e => (e.Key, e.Value.Failures)).ToList();
    }
}
