namespace EdgeNode.Core.Metrics;

/// <summary>
/// The figures every node has: one up/down series per row of <c>get processes</c>, rows received per channel and loaded,
/// the process's memory (resident, peak, managed heap, GC committed) and its uptime.
/// </summary>
internal sealed class CoreMetricsSource(Node node) : IMetricsSource
{
    public void Collect(ICollection<MetricSample> samples)
    {
        foreach (var (name, status, _) in node.Processes.List())
        {
            samples.Add(MetricSample.Gauge("edgenode_process_up", "1 when the process of 'get processes' runs, 0 when it is not declared, stopped or faulted",
                status == "Running" ? 1 : 0, "process", name));
        }
        foreach (var channel in Enum.GetValues<IngestChannel>())
        {
            samples.Add(MetricSample.Counter("edgenode_rows_received_total", "rows received, by the channel they came in on",
                node.Metrics.Received(channel), "channel", channel.ToString().ToLowerInvariant()));
        }
        samples.Add(MetricSample.Counter("edgenode_rows_loaded_all_total", "rows committed into tables by the operator, all tables",
            node.Metrics.Loaded));
        var memory = ProcessMemory.Read();
        samples.Add(MetricSample.Gauge("edgenode_memory_resident_bytes", "resident set size of the node process (VmRSS)", memory.ResidentBytes));
        samples.Add(MetricSample.Gauge("edgenode_memory_resident_peak_bytes", "highest resident set size since the start (VmHWM)",
            memory.PeakResidentBytes));
        samples.Add(MetricSample.Gauge("edgenode_memory_managed_heap_bytes", "bytes in use on the managed heap", memory.ManagedHeapBytes));
        samples.Add(MetricSample.Gauge("edgenode_memory_gc_committed_bytes", "memory the garbage collector has committed", memory.GcCommittedBytes));
        samples.Add(MetricSample.Gauge("edgenode_uptime_seconds", "seconds since the node started",
            (DateTime.UtcNow - node.StartTime).TotalSeconds));
    }
}
