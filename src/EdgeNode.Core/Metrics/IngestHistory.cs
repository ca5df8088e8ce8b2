namespace EdgeNode.Core.Metrics;

/// <summary>
/// The last <see cref="Capacity"/> samples of the node's row totals (received per channel, loaded), taken every
/// <see cref="Interval"/> while the REST server runs: the ingest-rate sparklines of the status page are drawn from them.
/// Bounded, lock-protected, a few KB.
/// </summary>
public sealed class IngestHistory
{
    public const int Capacity = 120;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Queue<IngestSample> _samples = new(Capacity);

    public void Add(IngestSample sample)
    {
        lock (_gate)
        {
            if (_samples.Count == Capacity) _samples.Dequeue();
            _samples.Enqueue(sample);
        }
    }

    /// <summary>The samples, oldest first.</summary>
    public IReadOnlyList<IngestSample> Samples()
    {
        lock (_gate) return _samples.ToArray();
    }
}
