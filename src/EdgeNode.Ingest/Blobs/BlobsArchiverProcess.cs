using EdgeNode.Core;
using EdgeNode.Core.Processes;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// <c>run blobs archiver</c>: watches <c>bwatch_dir</c> (file-system events plus a scan every second) and takes each
/// row file through the <see cref="BlobFileProcessor"/>, oldest first, <c>threads</c> files at once (a blob is handled by
/// one of them at a time). A file whose blobs database is not connected or down waits and is retried. Stopping lets the
/// current files finish their current blob; the rest is taken up on the next start, where it stopped.
/// </summary>
internal sealed class BlobsArchiverProcess(Node node, BlobsArchiverOptions options, BlobStore store, BlobInbox inbox, BlobsArchiverStatistics stats)
    : NodeProcess(node.Log)
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);
    private static readonly IReadOnlySet<string> FileTypes = new HashSet<string>(["json", "gz"], StringComparer.OrdinalIgnoreCase);

    private WatchDirQueue? _queue;

    /// <summary>When this process started: files of the node's directories older than that were left by an earlier run.</summary>
    private static readonly DateTime ProcessStarted = StartTime();

    private static DateTime StartTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.StartTime.ToUniversalTime();
    }

    public override string Name => ProcessNames.BlobsArchiver;

    public BlobsArchiverOptions Options => options;

    protected override string DescribeConfiguration() => options.Flags;

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        foreach (var directory in new[] { options.BlobsDir, options.BwatchDir, options.WatchDir, options.ErrDir, options.Destinations.ArchiveRoot })
            Directory.CreateDirectory(directory);
        RemoveLeftovers(options.BlobsDir);
        RemoveLeftovers(options.BwatchDir);
        _queue = new WatchDirQueue(options.BwatchDir, FileTypes);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes the temporary files (<c>.transfer</c>) a crash left in a directory: written before this process started,
    /// they belong to a write that never completed, and so to a blob or rows no client was told were received.
    /// </summary>
    private void RemoveLeftovers(string directory)
    {
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*" + Core.IO.DurableFiles.PartialSuffix))
        {
            if (file.LastWriteTimeUtc >= ProcessStarted) continue;
            file.Delete();
            Log.Event($"Blobs archiver: removed {file.Name}, left by a write a crash interrupted");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var queue = _queue!;
        var processor = new BlobFileProcessor(node, options, store, stats);
        await ClearOrphansAsync(processor, stopping);
        queue.StartWatching();
        queue.Scan();
        var workers = Enumerable.Range(0, options.Threads).Select(_ => Task.Run(() => WorkAsync(queue, processor, stopping), CancellationToken.None)).ToList();
        try
        {
            using var timer = new PeriodicTimer(ScanInterval, node.Time);
            while (await timer.WaitForNextTickAsync(stopping)) queue.Scan();
        }
        finally
        {
            queue.Complete();
            await Task.WhenAll(workers);
            queue.Dispose();
        }
    }

    /// <summary>
    /// Clears the blobs a crash left in <c>blobs_dir</c> without their row: written before this process started and named
    /// by no row file waiting in <c>bwatch_dir</c>. A blob stored already is a copy whose deletion the crash undid: deleted.
    /// Any other is an upload killed between its blob and its row (no client was told it was received): moved to the
    /// error dir. Nothing is touched when a waiting row file cannot be read (its rows may name them) or the store cannot
    /// be asked. The node's own writers wait meanwhile, so none is between writing a blob and writing the row that names it.
    /// </summary>
    private async Task ClearOrphansAsync(BlobFileProcessor processor, CancellationToken cancellation)
    {
        // whether each candidate is stored is asked first (a stored blob stays stored); the files are acted on with the
        // node's writers paused, among those still older than this process (a writer that rewrote one made it newer)
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Leftovers())
        {
            try
            {
                if (await IsStoredAsync(candidate.Name, cancellation)) stored.Add(candidate.Name);
            }
            catch (Core.Storage.StorageException e)
            {
                Log.Error($"Blobs archiver: cannot tell whether {candidate.Name} (in blobs_dir before the start) is stored: {e.Message}");
                return;
            }
        }
        using var paused = inbox.Pause();
        ClearOrphans(processor, stored);
    }

    private void ClearOrphans(BlobFileProcessor processor, IReadOnlySet<string> stored)
    {
        var orphans = Leftovers();
        if (orphans.Count == 0) return;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(options.BwatchDir).Where(f => WatchDirQueue.IsDataFile(Path.GetFileName(f), FileTypes)))
        {
            if (processor.ReferencedBlobs(file) is not { } blobs) return;
            named.UnionWith(blobs);
        }
        var now = node.Time.GetUtcNow().UtcDateTime;
        foreach (var orphan in orphans.Where(o => !named.Contains(o.Name)))
        {
            if (stored.Contains(orphan.Name))
            {
                orphan.Delete();
                continue;
            }
            DataFiles.MoveToErrors(orphan.FullName, options.ErrDir, Core.Commands.ErrorCode.FileError,
                "no row waiting in bwatch_dir names this blob: its upload was interrupted before its row was written", now);
            Log.Event($"Blobs archiver: {orphan.Name} has no row (an upload a crash interrupted): moved to the error dir");
        }
    }

    /// <summary>The blobs in <c>blobs_dir</c> written before this process started.</summary>
    private List<FileInfo> Leftovers() =>
        new DirectoryInfo(options.BlobsDir).EnumerateFiles()
            .Where(f => f.LastWriteTimeUtc < ProcessStarted && !f.Name.EndsWith(Core.IO.DurableFiles.PartialSuffix, StringComparison.Ordinal))
            .ToList();

    /// <summary>True when a file of <c>blobs_dir</c> (<c>&lt;dbms&gt;.&lt;table&gt;.&lt;id&gt;</c>) names a blob stored already.</summary>
    private async Task<bool> IsStoredAsync(string file, CancellationToken cancellation)
    {
        var sections = file.Split('.', 3);
        return sections.Length == 3 && BlobId.TryParse(sections[2], out var id, out _)
                                   && await store.IsStoredAsync(options.Destinations, sections[0], sections[1], id.Hash, cancellation);
    }

    private async Task WorkAsync(WatchDirQueue queue, BlobFileProcessor processor, CancellationToken stopping)
    {
        try
        {
            await foreach (var path in queue.Reader.ReadAllAsync(stopping))
            {
                var outcome = FileOutcome.Done;
                try
                {
                    outcome = await processor.ProcessAsync(path, retrying: queue.Tries(path) > 0, stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // a defect, not the file's fault: the file stays and is tried again later, the archiver goes on
                    Log.Error($"Blobs archiver: {Path.GetFileName(path)} failed and stays in bwatch_dir: {e}");
                    outcome = FileOutcome.Waiting;
                }
                finally
                {
                    if (outcome == FileOutcome.Waiting) queue.Defer(path);
                    else queue.Done(path);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // exit archiver: the file in hand stays in bwatch_dir
        }
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        _queue?.Complete();
        return Task.CompletedTask;
    }
}
