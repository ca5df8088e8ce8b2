using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// <c>run operator</c>: watches the watch dir (file-system events plus a scan every second, so nothing is missed) and
/// loads each data file on one of <c>threads</c> workers. A file is on one worker at a time; a table's first file and its
/// schema changes run alone (<see cref="TableSetup"/>). Stopping lets the current files finish or roll back; what is
/// left in the watch dir is loaded on the next start.
/// </summary>
internal sealed class OperatorProcess(Node node, OperatorOptions options, OperatorStatistics stats) : NodeProcess(node.Log)
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    private WatchDirQueue? _queue;
    private FileProcessor? _processor;
    private PoolThreads? _threads;
    private IMetadata? _metadata;

    public override string Name => ProcessNames.Operator;

    public OperatorOptions Options => options;

    /// <summary>Whether loaded JSON files go to distr_dir now (<see cref="OperatorOptions.Distributes"/>).</summary>
    public bool Distributes => Options.Distributes(node);

    public OperatorIdentity? Identity { get; private set; }

    public DateTime StartedAt { get; private set; }

    /// <summary>Files left in the watch dir because their database is down or not connected; they are retried.</summary>
    public int FilesWaitingForDbms => _queue?.WaitingForDbms ?? 0;

    /// <summary>Streaming write-immediate inserts through this operator; null before the start.</summary>
    internal IImmediateInserter? Immediate { get; private set; }

    protected override string DescribeConfiguration() =>
        $"Cluster Member: {(Identity is { ClusterId.Length: > 0 } ? "True" : "False")}, Using Master: {options.Master?.ToString() ?? "False"}, Threads Pool: {options.Threads}";

    /// <summary><c>Operator Pool with 3 threads:</c> padded to 60, busy flags, files handled (EdgeLake's pool line); with
    /// <paramref name="details"/> a row per thread with the file it loads.</summary>
    public string DescribePool(bool details) => _threads!.Describe("Operator", details);

    /// <summary>The worker threads (null before the process starts).</summary>
    public PoolThreads? Threads => _threads;

    protected override async Task OnStartingAsync(CancellationToken cancellation)
    {
        var metadata = node.Services.Find<IMetadata>()
                       ?? throw new CommandSyntaxException("the node has no metadata layer to read the operator policy from", 0, ErrorCode.MetadataNotAvailable);
        Identity = OperatorIdentity.Resolve(metadata, options);
        _metadata = metadata;
        if (options.UpdateTsdInfo) await RequireTsdInfoAsync(cancellation);
        foreach (var directory in new[] { options.WatchDir, options.ErrDir, options.BkupDir, options.ArchiveDir, options.DistrDir })
            Directory.CreateDirectory(directory);
        var tables = new TableSetup(node, options, new OperatorPolicies(node, Identity, options));
        _processor = new FileProcessor(node, options, Identity, stats, tables);
        Immediate = new ImmediateInserter(node, options, Identity, tables, _processor);
        _queue = new WatchDirQueue(options.WatchDir, options.FileTypes);
        _threads = new PoolThreads(options.Threads, node.Time);
        StartedAt = node.Time.GetUtcNow().UtcDateTime;
        if (!node.Processes.IsRunning(ProcessNames.Tcp))
            Log.Event("Operator: no TCP server is running; peers cannot query this node's data (run tcp server ...)");
        // the HA distributor and consumer find the node's cluster and member here (EdgeLake keeps them in its metadata)
        metadata.NodeOperator = new NodeOperator(Identity.PolicyId, Identity.Name, Identity.ClusterId, Identity.Member, options.Distributor,
            options.DistrDir, options.ArchiveDir);
    }

    private async Task RequireTsdInfoAsync(CancellationToken cancellation)
    {
        var almgm = node.Services.Find<IDbmsRegistry>()?.Find("almgm")
                    ?? throw new CommandSyntaxException("update_tsd_info = true needs DBMS almgm: connect dbms almgm where type = sqlite", 0,
                        ErrorCode.DbmsNotConnected);
        if (await almgm.GetSchemaAsync("tsd_info", cancellation) is null)
            throw new CommandSyntaxException("update_tsd_info = true needs table almgm.tsd_info: create table tsd_info where dbms = almgm", 0,
                ErrorCode.TableNotFound);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var queue = _queue!;
        queue.StartWatching();
        queue.Scan();
        var workers = Enumerable.Range(0, options.Threads).Select(i => Task.Run(() => WorkAsync(i, queue, stopping), CancellationToken.None)).ToList();
        try
        {
            using var timer = new PeriodicTimer(ScanInterval, node.Time);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                queue.Scan();
                if (options.FlushStreaming) await FlushStreamingAsync(stopping);
            }
        }
        finally
        {
            queue.Complete();
            await Task.WhenAll(workers);
            queue.Dispose();
        }
    }

    private async Task FlushStreamingAsync(CancellationToken stopping)
    {
        try
        {
            if (node.Services.Find<Streamer>() is { } streamer) await streamer.FlushAsync(force: false, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Error($"Operator: flushing the streaming buffers failed: {e.Message}");
        }
    }

    private async Task WorkAsync(int worker, WatchDirQueue queue, CancellationToken stopping)
    {
        try
        {
            await foreach (var path in queue.Reader.ReadAllAsync(stopping))
            {
                _threads!.Start(worker, Path.GetFileName(path));
                var outcome = FileOutcome.Done;
                try
                {
                    outcome = await _processor!.ProcessAsync(path, stopping, retrying: queue.Tries(path) > 0);
                }
                finally
                {
                    _threads!.Finish(worker, counted: outcome != FileOutcome.Waiting);
                    if (outcome == FileOutcome.Skipped) queue.Skip(path);
                    else if (outcome == FileOutcome.Waiting) queue.Defer(path);
                    else queue.Done(path);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // exit operator: the file being loaded rolled back and stays in the watch dir
        }
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        _queue?.Complete();
        if (_metadata?.NodeOperator?.PolicyId == Identity?.PolicyId) _metadata!.NodeOperator = null;
        return Task.CompletedTask;
    }
}
