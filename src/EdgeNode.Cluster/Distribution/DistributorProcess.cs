using System.Globalization;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Processes;

namespace EdgeNode.Cluster.Distribution;

/// <summary>
/// <c>run data distributor</c> (SPEC §9): each file the operator left in <c>distr_dir</c> (a file this node ingested
/// first, under its 8-section name) is sent into the watch dir of every other member of the cluster, then archived
/// (<c>archive_dir/YY/MM/DD/</c>, where a member's consumer may ask for it later). A member that cannot be reached is
/// marked not responding and left to its consumer: files are archived without it, so an outage does not hold the
/// others back; it is pinged (<c>event metadata_ping</c>) until it answers and then gets the new files again. A member
/// that refuses a file (its disk, its access rules) keeps the file waiting and is retried. Started before the operator (the
/// order of EdgeLake's deployment scripts), it waits for it: the cluster, member id and directories are the operator's.
/// </summary>
internal sealed class DistributorProcess(Node node, DistributorOptions.Given given, DistributorStatistics stats, ClusterSyncState state)
    : NodeProcess(node.Log)
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The members each file reached already (a file waiting for a refusing member is not sent twice to the others).</summary>
    private readonly Dictionary<string, HashSet<string>> _reached = new(StringComparer.Ordinal);

    private DateTime _lastPing = DateTime.MinValue;

    public override string Name => ProcessNames.Distributor;

    /// <summary>Null while the node's operator has not started (or names no cluster and member id).</summary>
    public DistributorOptions? Options { get; private set; }

    /// <summary>Files in distr_dir at the last scan.</summary>
    public int Pending { get; private set; }

    protected override string DescribeConfiguration() => Options is { } options
        ? $"Cluster: {options.ClusterId}, Distribution dir: {options.DistrDir}, Archive dir: {options.ArchiveDir}"
        : "Waiting for the operator of this node (its cluster and member id)";

    private DateTime UtcNow => node.Time.GetUtcNow().UtcDateTime;

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        Resolve();
        return Task.CompletedTask;
    }

    /// <summary>Takes the operator's cluster, member and directories once it runs.</summary>
    private DistributorOptions? Resolve()
    {
        if (Options is not null || given.Over(node.Services.Find<IMetadata>()?.NodeOperator) is not { } options) return Options;
        Directory.CreateDirectory(options.DistrDir);
        Directory.CreateDirectory(options.ArchiveDir);
        return Options = options;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ScanInterval, node.Time);
        do
        {
            try
            {
                await PassAsync(stopping);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Error($"Distributor: {e.Message}");
            }
        } while (await timer.WaitForNextTickAsync(stopping));
    }

    private async Task PassAsync(CancellationToken stopping)
    {
        if (node.Services.Find<IMetadata>() is not { } metadata || node.Services.Find<IPeerClient>() is not { } peers || Resolve() is not { } options) return;
        var members = ClusterMembers.Peers(metadata, options.ClusterId, options.SelfMember);
        if (UtcNow - _lastPing >= PingInterval) await PingSilentAsync(peers, metadata, members, stopping);
        var files = Waiting(options.DistrDir);
        Pending = files.Count;
        foreach (var (path, name) in files)
        {
            stopping.ThrowIfCancellationRequested();
            if (!_reached.TryGetValue(name, out var reached)) _reached[name] = reached = new HashSet<string>(StringComparer.Ordinal);
            var sends = members.Where(m => !reached.Contains(m.Member) && Responding(metadata, m))
                .Select(async m => (Member: m, Ok: await SendAsync(peers, m, path, name, stopping))).ToList();
            foreach (var (member, ok) in await Task.WhenAll(sends))
                if (ok) reached.Add(member.Member);
            // archived once every member has it or is not responding (its consumer asks for it when it is back)
            if (members.All(m => reached.Contains(m.Member) || !Responding(metadata, m)))
            {
                Archive(path, name, options.ArchiveDir);
                _reached.Remove(name);
                Pending--;
            }
        }
    }

    private static bool Responding(IMetadata metadata, ClusterMember member) =>
        metadata.GetOperatorStatus(member.Address.ToString()) == OperatorStatus.Active;

    private async Task<bool> SendAsync(IPeerClient peers, ClusterMember member, string path, string name, CancellationToken stopping)
    {
        var delivery = stats.Peer(member);
        var reply = await peers.SendFileAsync(member.Address, path, name, FileTransferTarget.WatchDir, SendTimeout, stopping);
        if (reply.Replied && reply.ErrorCode == 0)
        {
            stats.Sent(delivery, new FileInfo(path).Length, UtcNow);
            return true;
        }
        stats.Failed(delivery, reply.Text, UtcNow);
        if (reply.Replied) Log.Error($"Distributor: member {member.Member} ({member.Address}) refused {name}: {reply.Text}; the file waits");
        else
            // the peer client marked it not responding: the files go on without it, its consumer catches up
            Log.Event($"Distributor: member {member.Member} ({member.Address}) not reached ({reply.Text}); its consumer will ask for the files it misses");
        return false;
    }

    /// <summary>Asks the members marked not responding whether they are back (their answer marks them active).</summary>
    private async Task PingSilentAsync(IPeerClient peers, IMetadata metadata, IReadOnlyList<ClusterMember> members, CancellationToken stopping)
    {
        _lastPing = UtcNow;
        var silent = members.Where(m => !Responding(metadata, m)).Select(m => m.Address).ToList();
        if (silent.Count == 0) return;
        var replies = await peers.SendAsync(new PeerRequest(silent, HaEventCommands.Ping) { Timeout = PingTimeout }, stopping);
        foreach (var reply in replies.Where(r => r.Replied))
        {
            metadata.SetOperatorStatus(reply.Destination.ToString(), OperatorStatus.Active);
            Log.Event($"Distributor: member at {reply.Destination} answers again; new files go to it");
            state.Wake(); // this node's consumer may miss files the member ingested meanwhile
        }
    }

    /// <summary>The files in distr_dir, ordered by member and row id (the order they were ingested).</summary>
    private static List<(string Path, string Name)> Waiting(string distrDir)
    {
        if (!Directory.Exists(distrDir)) return [];
        return Directory.EnumerateFiles(distrDir)
            .Select(path => (Path: path, Name: Path.GetFileName(path)))
            .Where(f => !f.Name.EndsWith(DurableFiles.PartialSuffix, StringComparison.Ordinal)
                        && (f.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.Name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(f => RowId(f.Name)).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static long RowId(string file) =>
        DataFileName.TryParse(file, out _) is { HasTsd: true } name && long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : long.MaxValue;

    private void Archive(string path, string name, string archiveDir)
    {
        var parsed = DataFileName.TryParse(name, out _);
        var folder = (parsed is null ? null : ArchiveLayout.Folder(archiveDir, parsed)) ?? ArchiveLayout.Folder(archiveDir, UtcNow);
        Directory.CreateDirectory(folder);
        DurableFiles.MoveInto(path, folder, name);
        stats.ArchivedOne();
    }
}
