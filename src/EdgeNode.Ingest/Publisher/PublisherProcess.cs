using EdgeNode.Core.Ingest;
using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Processes;
using EdgeNode.Ingest.Files;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// <c>run publisher</c> (SPEC §6): ships each data file of the watch dir to an operator that hosts its table, by TCP file
/// transfer into the operator's watch dir. A file's route (a cluster, or a <c>set data distribution</c> destination) is
/// chosen once and made durable by renaming the file into its route directory (<see cref="RouteDirectories"/>); the file
/// leaves that directory (deleted, or moved to <c>bkup_dir</c>) only once an operator confirmed it was written (an EdgeNode
/// operator confirms; an EdgeLake operator reports only failures, and none within the wait counts as taken). A file whose
/// table no cluster hosts yet waits in the watch dir and is routed when the metadata changes. Operators that fail are
/// retried with back-off, then another member of the same cluster is used (<see cref="DestinationChooser"/>).
/// </summary>
internal sealed class PublisherProcess(Node node, PublisherOptions options, PublisherStatistics stats, DataDistribution distribution)
    : NodeProcess(node.Log)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private const int TicksPerScan = 4;

    /// <summary>How long an operator has to confirm a file (an EdgeNode operator confirms once the file is on its disk).</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Times operators may refuse a file they received (a disk full, a size limit) before it goes to the error dir.</summary>
    private const int RefusalLimit = 5;

    private readonly Channel<RoutedFile> _ready = Channel.CreateUnbounded<RoutedFile>();
    private readonly List<RoutedFile> _parked = [];
    private readonly Dictionary<string, string> _unrouted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Table, string Route), int> _routed = new();
    private IMetadata? _metadata;
    private IPeerClient? _peers;
    private WatchDirQueue? _queue;
    private RouteDirectories? _routes;
    private DestinationHealth? _health;
    private DestinationChooser? _chooser;
    private List<RoutedFile> _recovered = [];
    private int _routingVersion;
    private int _retryUnrouted;

    public override string Name => ProcessNames.Publisher;

    public PublisherOptions Options => options;

    public DateTime StartedAt { get; private set; }

    protected override string DescribeConfiguration() =>
        $"Using Master: {options.Master?.ToString() ?? "False"}, Threads Pool: {options.Threads}, " +
        $"Files shipped: {stats.TotalFiles:#,0}, Files waiting: {WaitingForCluster().Sum(w => w.Files) + Routed().Sum(r => r.Files):#,0}";

    /// <summary>Files in the watch dir no cluster hosts the table of yet, per dbms.table.</summary>
    public IReadOnlyList<(string Table, int Files)> WaitingForCluster()
    {
        lock (_unrouted) return _unrouted.Values.GroupBy(t => t).Select(g => (g.Key, g.Count())).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Files routed and not confirmed yet (being sent, or waiting for their route's operators), per dbms.table and route.</summary>
    public IReadOnlyList<(string Table, string Route, int Files)> Routed() =>
        _routed.Where(e => e.Value > 0).Select(e => (e.Key.Table, e.Key.Route, e.Value)).OrderBy(e => e.Table, StringComparer.Ordinal).ToList();

    /// <summary>Operators failing now, with their consecutive failures.</summary>
    public IReadOnlyList<(IpPort Destination, int Failures)> Failing() => _health?.Failing() ?? [];

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        _metadata = node.Services.Find<IMetadata>()
                    ?? throw new CommandSyntaxException("the node has no metadata layer to route files with", 0, ErrorCode.MetadataNotAvailable);
        _peers = node.Services.Find<IPeerClient>()
                 ?? throw new CommandSyntaxException("the node has no TCP client to ship files with", 0, ErrorCode.NetworkNotAvailable);
        if (!_peers.CanReceiveReplies)
            throw new CommandSyntaxException("the publisher needs the node's TCP server (operators confirm each file through it): run tcp server first", 0,
                ErrorCode.ProcessNotRunning);
        if (node.Processes.Get<OperatorProcess>(ProcessNames.Operator) is { State: ProcessState.Running } running
            && SameDirectory(running.Options.WatchDir, options.WatchDir))
            throw new CommandSyntaxException(SharedWatchDir(options.WatchDir), 0, ErrorCode.ProcessAlreadyRunning);
        foreach (var directory in new[] { options.WatchDir, options.BkupDir, options.ErrDir }) Directory.CreateDirectory(directory);
        _queue = new WatchDirQueue(options.WatchDir, OperatorOptions.AllFileTypes);
        _routes = new RouteDirectories(options.RoutesDir);
        _health = new DestinationHealth(node.Time);
        _chooser = new DestinationChooser(_metadata, _health);
        _recovered = Recover();
        StartedAt = node.Time.GetUtcNow().UtcDateTime;
        return Task.CompletedTask;
    }

    /// <summary>The refusal when a publisher and an operator would share a watch dir (each would take the other's files).</summary>
    public static string SharedWatchDir(string watchDir) =>
        $"an operator and a publisher cannot share the watch dir '{watchDir}': each would take the files meant for the other " +
        "(give one of them another watch_dir, or exit the other)";

    public static bool SameDirectory(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            StringComparison.Ordinal);

    /// <summary>The files an earlier run routed (they keep their route); what is not a data file goes to the error dir.</summary>
    private List<RoutedFile> Recover()
    {
        var (files, strays) = _routes!.Recover();
        foreach (var (path, reason) in strays)
        {
            if (path.EndsWith(DurableFiles.PartialSuffix, StringComparison.Ordinal)) File.Delete(path); // a move cut short: the original is still in the watch dir
            else DataFiles.MoveToErrors(path, options.ErrDir, ErrorCode.FileError, reason, Now);
        }
        foreach (var file in files) Count(file, +1);
        if (files.Count > 0) Log.Event($"Publisher: {files.Count} files routed by an earlier run keep their route");
        return files;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var queue = _queue!;
        _metadata!.Changed += OnRoutingChanged;
        distribution.Changed += OnRoutingChanged;
        try
        {
            foreach (var file in _recovered) _ready.Writer.TryWrite(file);
            _recovered = [];
            queue.StartWatching();
            queue.Scan();
            var workers = new List<Task> { Task.Run(() => RouteAsync(queue, stopping), CancellationToken.None) };
            workers.AddRange(Enumerable.Range(0, options.Threads).Select(_ => Task.Run(() => SendAsync(stopping), CancellationToken.None)));
            try
            {
                using var timer = new PeriodicTimer(Tick, node.Time);
                for (var tick = 1; await timer.WaitForNextTickAsync(stopping); tick++)
                {
                    if (tick % TicksPerScan == 0) queue.Scan();
                    ReleaseParked(null);
                    if (Interlocked.Exchange(ref _retryUnrouted, 0) != 0) RetryUnrouted(queue);
                }
            }
            finally
            {
                queue.Complete();
                _ready.Writer.TryComplete();
                await Task.WhenAll(workers);
                queue.Dispose();
            }
        }
        finally
        {
            _metadata.Changed -= OnRoutingChanged;
            distribution.Changed -= OnRoutingChanged;
        }
    }

    /// <summary>The ledger or an override changed: files waiting for a cluster are routed again on the next tick.</summary>
    private void OnRoutingChanged(object? sender, EventArgs e)
    {
        Interlocked.Increment(ref _routingVersion);
        Interlocked.Exchange(ref _retryUnrouted, 1);
    }

    private void RetryUnrouted(WatchDirQueue queue)
    {
        List<string> waiting;
        lock (_unrouted) waiting = [.. _unrouted.Keys];
        foreach (var path in waiting) queue.Retry(path);
    }

    /// <summary>Takes the new files of the watch dir: each gets its route, or waits for a cluster, or goes to the error dir.</summary>
    private async Task RouteAsync(WatchDirQueue queue, CancellationToken stopping)
    {
        try
        {
            await foreach (var path in queue.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    RouteOne(queue, path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.Error($"Publisher: cannot route '{Path.GetFileName(path)}': {e.Message}; tried again on the next scan");
                    queue.Done(path);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // exit publisher: files not routed yet stay in the watch dir
        }
    }

    private void RouteOne(WatchDirQueue queue, string path)
    {
        if (!File.Exists(path))
        {
            lock (_unrouted) _unrouted.Remove(path);
            queue.Done(path);
            return;
        }
        var name = DataFileName.TryParse(Path.GetFileName(path), out var error);
        if (name is null)
        {
            DataFiles.MoveToErrors(path, options.ErrDir, ErrorCode.FileError, error!, Now);
            stats.Failed("", "", "error dir", error!, Now);
            queue.Done(path);
            return;
        }
        var version = Volatile.Read(ref _routingVersion);
        var route = Decide(name);
        var table = $"{name.Dbms}.{name.Table}";
        if (route is null)
        {
            lock (_unrouted) _unrouted[path] = table;
            queue.Skip(path);
            // the ledger changed while this file was looked at: look again rather than wait for the next change
            if (Volatile.Read(ref _routingVersion) != version) Interlocked.Exchange(ref _retryUnrouted, 1);
            return;
        }
        lock (_unrouted) _unrouted.Remove(path);
        var routed = _routes!.Route(path, name, route);
        queue.Done(path);
        Count(routed, +1);
        _ready.Writer.TryWrite(routed);
    }

    /// <summary>The route of a new file: an override of <c>set data distribution</c>, else the next cluster hosting its table.</summary>
    private PublishRoute? Decide(DataFileName name)
    {
        if (distribution.Next(name.Dbms, name.Table) is { } destination) return PublishRoute.To(destination);
        var company = options.Company ?? _metadata!.GetDbmsCompany(name.Dbms);
        if (company is null) return null;
        return _metadata!.GetNextDataTarget(name.Dbms, name.Table, company) is { } target ? PublishRoute.ToCluster(target.ClusterId) : null;
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var file in _ready.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    await SendOneAsync(file, stopping);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.Error($"Publisher: '{file.FileName}' could not be handled ({e.Message}); tried again shortly");
                    Park(file, Now + DestinationHealth.MaxDelay);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // exit publisher: the file being sent stays in its route directory, and is sent on the next start
        }
    }

    private async Task SendOneAsync(RoutedFile file, CancellationToken stopping)
    {
        if (!File.Exists(file.Path))
        {
            Count(file, -1); // removed by hand
            return;
        }
        var (destination, due) = _chooser!.Choose(file);
        if (destination is not { } to || due > Now)
        {
            Park(file, due);
            return;
        }
        file.LastDestination = to;
        var reply = await _peers!.SendFileAsync(to, file.Path, file.FileName, FileTransferTarget.WatchDir, SendTimeout, stopping);
        var table = (file.Name.Dbms, file.Name.Table);
        if (reply is { Replied: true, ErrorCode: 0 })
        {
            if (_health!.Failures(to) > 0) Log.Event($"Publisher: {to} takes files again");
            _health.Delivered(to);
            var rows = ShippedFiles.CountRows(file);
            ShippedFiles.Finish(file, options);
            Count(file, -1);
            stats.Shipped(table.Dbms, table.Table, to.ToString(), file.FileName, rows, Now);
            ReleaseParked(file.Route);
            return;
        }
        stopping.ThrowIfCancellationRequested();
        var reason = reply.Replied ? $"refused by {to}: {reply.Text}" : reply.Text;
        stats.Failed(table.Dbms, table.Table, to.ToString(), reason, Now);
        _health!.Failed(to);
        if (_health.Failures(to) == 1) Log.Error($"Publisher: '{file.FileName}' not delivered to {to} ({reason}); retried with back-off");
        if (reply.Replied && ++file.Refusals >= RefusalLimit)
        {
            DataFiles.MoveToErrors(file.Path, options.ErrDir, ErrorCode.PeerError, $"operators refused the file {file.Refusals} times, last {reason}", Now);
            Count(file, -1);
            return;
        }
        _ready.Writer.TryWrite(file); // the chooser sends it again when due, or to another member of its cluster
    }

    private void Park(RoutedFile file, DateTime due)
    {
        file.Due = due;
        lock (_parked) _parked.Add(file);
    }

    /// <summary>Sends again the parked files whose wait is over, or (<paramref name="route"/>) every parked file of a route that took a file.</summary>
    private void ReleaseParked(PublishRoute? route)
    {
        var now = Now;
        var due = new List<RoutedFile>();
        lock (_parked)
        {
            if (_parked.Count == 0) return;
            var kept = 0;
            for (var i = 0; i < _parked.Count; i++)
            {
                var file = _parked[i];
                if (route is null ? file.Due <= now : file.Route == route) due.Add(file);
                else _parked[kept++] = file;
            }
            _parked.RemoveRange(kept, _parked.Count - kept);
        }
        foreach (var file in due) _ready.Writer.TryWrite(file);
    }

    private void Count(RoutedFile file, int change) =>
        _routed.AddOrUpdate(($"{file.Name.Dbms}.{file.Name.Table}", file.Route.ToString()), change, (_, n) => n + change);

    private DateTime Now => node.Time.GetUtcNow().UtcDateTime;

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        _queue?.Complete();
        _ready.Writer.TryComplete();
        return Task.CompletedTask;
    }
}
