using EdgeNode.Core;
using EdgeNode.Core.Metrics;
using EdgeNode.Core.Processes;
using EdgeNode.Ingest.Operator;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest;

/// <summary>
/// The ingest figures: rows loaded per table (the operator's counters of <c>get operator</c>), files waiting in the watch
/// dir and files set aside in the error dir, the streamer's buffers (bytes, fill of the volume threshold, journal bytes)
/// and the operator's busy threads.
/// </summary>
internal sealed class IngestMetricsSource(Node node, Streamer streamer, OperatorStatistics statistics) : IMetricsSource
{
    private static readonly string[] TableLabels = ["dbms", "table"];

    public void Collect(ICollection<MetricSample> samples)
    {
        foreach (var (dbms, table, counter) in statistics.Inserts())
        {
            samples.Add(new MetricSample("edgenode_rows_loaded_total", MetricKind.Counter, "rows committed into the table by the operator",
                counter.BatchRows + counter.ImmediateRows, TableLabels, [dbms, table]));
        }
        samples.Add(MetricSample.Counter("edgenode_operator_files_total", "data files the operator processed", statistics.TotalFiles));
        samples.Add(MetricSample.Counter("edgenode_operator_errors_total", "data files or rows the operator set aside with an error",
            statistics.TotalErrors));

        var operatorProcess = node.Processes.Get<OperatorProcess>(ProcessNames.Operator);
        var watchDir = operatorProcess?.Options.WatchDir ?? streamer.WatchDir;
        var errDir = operatorProcess?.Options.ErrDir ?? streamer.ErrDir;
        samples.Add(MetricSample.Gauge("edgenode_dir_files", "files in a data directory (watch: waiting for the operator; error: set aside)",
            CountFiles(watchDir), "dir", "watch"));
        samples.Add(MetricSample.Gauge("edgenode_dir_files", "files in a data directory (watch: waiting for the operator; error: set aside)",
            CountFiles(errDir), "dir", "error"));
        var threads = operatorProcess is { State: ProcessState.Running } ? operatorProcess.Threads : null;
        samples.Add(MetricSample.Gauge("edgenode_operator_threads_busy", "operator threads loading a file now", threads?.BusyThreads ?? 0));
        samples.Add(MetricSample.Gauge("edgenode_operator_threads", "operator threads", threads?.Size ?? 0));

        foreach (var buffer in streamer.BufferFigures())
        {
            string[] labels = [buffer.Dbms, buffer.Table];
            samples.Add(new MetricSample("edgenode_streamer_buffer_bytes", MetricKind.Gauge, "bytes of rows buffered for the table, not yet flushed",
                buffer.Bytes, TableLabels, labels));
            samples.Add(new MetricSample("edgenode_streamer_buffer_fill_ratio", MetricKind.Gauge,
                "buffered bytes over the table's volume threshold (1 = flushed now)", buffer.Fill, TableLabels, labels));
            samples.Add(new MetricSample("edgenode_streamer_journal_bytes", MetricKind.Gauge,
                "bytes of the table's journal: rows acknowledged and fsynced, kept until their file is in the watch dir", buffer.JournalBytes,
                TableLabels, labels));
        }
    }

    /// <summary>Files directly in <paramref name="dir"/> (sub-directories and the <c>.reason.txt</c> next to each error file are not counted).</summary>
    private static long CountFiles(string dir)
    {
        if (!Directory.Exists(dir)) return 0;
        long count = 0;
        foreach (var file in Directory.EnumerateFiles(dir))
            if (!file.EndsWith(".reason.txt", StringComparison.Ordinal)) count++;
        return count;
    }
}
