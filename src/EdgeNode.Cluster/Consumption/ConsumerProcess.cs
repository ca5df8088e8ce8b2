using EdgeNode.Cluster.Protocol;
using EdgeNode.Cluster.Sync;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Consumption;

/// <summary>
/// <c>run data consumer</c> (SPEC §9): keeps this node's copy of every other member's files complete. Each pass asks each
/// member for the range of its TSD table in the date window (<c>event get_recent_tsd_info</c>; also for the tables of
/// the other members, so a member that is down is covered by the copies of the others), finds the ids this node's
/// <c>tsd_&lt;member&gt;</c> lacks, and asks the member that has the most of them to send those files
/// (<c>file deliver</c>) into its watch dir, where the operator loads them with the member's row ids. A file no member
/// has any more is recorded as missing (<c>event missing_archived_file</c>). In <c>suspend</c> mode it only compares.
/// </summary>
internal sealed class ConsumerProcess(Node node, ConsumerOptions options, ClusterSyncState state) : NodeProcess(node.Log)
{
    /// <summary>Files asked for in one request, and the most asked for in one pass.</summary>
    private const int BatchFiles = 500;
    private const int PassFiles = 20_000;

    private static readonly TimeSpan SummaryTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DeliverTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How often a consumer started before the operator looks for it.</summary>
    private static readonly TimeSpan OperatorPoll = TimeSpan.FromSeconds(1);

    private ConsumerMode _mode = options.Mode;

    public override string Name => ProcessNames.Consumer;

    public ConsumerOptions Options => options;

    public ConsumerMode Mode
    {
        get => _mode;
        set
        {
            _mode = value;
            state.Wake();
        }
    }

    public long Passes { get; private set; }

    public DateTime? LastPass { get; private set; }

    public string LastError { get; private set; } = "";

    /// <summary>The window of the last pass.</summary>
    public (DateTime Start, DateTime? End) Window { get; private set; }

    protected override string DescribeConfiguration() =>
        $"Mode: {(Mode == ConsumerMode.Active ? "active" : "suspend")}, Start date: {options.StartDate}, End date: {options.EndDate ?? "now"}"
        + (node.Services.Find<IMetadata>()?.NodeOperator is null ? ", waiting for the operator of this node" : "");

    private DateTime UtcNow => node.Time.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var waited = false;
            try
            {
                waited = !await PassAsync(stopping);
                if (!waited) LastError = "";
            }
            catch (Exception e) when (e is StorageException or IOException or InvalidOperationException)
            {
                LastError = e.Message;
                Log.Error($"Consumer: {e.Message}");
            }
            if (waited)
            {
                await Task.Delay(OperatorPoll, node.Time, stopping);
                continue;
            }
            Passes++;
            LastPass = UtcNow;
            await state.WaitAsync(options.Interval, stopping);
        }
    }

    /// <summary>One pass; false when there is no operator to work for yet (nothing was compared).</summary>
    private async Task<bool> PassAsync(CancellationToken stopping)
    {
        if (node.Services.Find<IMetadata>() is not { NodeOperator: { } self } metadata || node.Services.Find<IPeerClient>() is not { } peers
                                                                                        || node.Services.Find<ITimeFiles>() is not { } files)
        {
            LastError = "no operator runs on this node: the consumer waits for 'run operator'";
            return false;
        }
        var now = UtcNow;
        ValueParsers.TryParseDate(options.StartDate, now, out var start);
        DateTime? end = options.EndDate is { } text && ValueParsers.TryParseDate(text, now, out var parsed) ? parsed : null;
        Window = (start, end);
        var members = ClusterMembers.Peers(metadata, self.ClusterId, self.Member);
        var reached = new List<ClusterMember>();
        foreach (var member in members)
            if (await AskSummariesAsync(peers, member, members, start, end, stopping)) reached.Add(member);
        state.BacklogKnown = true;
        foreach (var table in members.Select(m => m.TsdTable))
            await SyncTableAsync(peers, files, state.Table(table), reached, stopping);
        return true;
    }

    /// <summary>Asks one member for the range of each other member's table; false when it does not answer.</summary>
    private async Task<bool> AskSummariesAsync(IPeerClient peers, ClusterMember member, IReadOnlyList<ClusterMember> members, DateTime start,
        DateTime? end, CancellationToken stopping)
    {
        // its own table first: when it does not answer that, the others are not asked either
        foreach (var table in members.OrderBy(m => m != member).Select(m => m.TsdTable))
        {
            var reply = (await peers.SendAsync(new PeerRequest([member.Address], TsdSummary.RequestWire(table, start, end)) { Timeout = SummaryTimeout },
                stopping))[0];
            if (!reply.Replied) return false;
            if (reply.ErrorCode != 0 || TsdSummary.TryParseWire(reply.Text, out var error) is not { } summary)
            {
                Log.Error($"Consumer: member {member.Member} ({member.Address}) answered get_recent_tsd_info {table} with: {Excerpt(reply.Text)}");
                continue;
            }
            state.Update(member.Member, summary, UtcNow);
        }
        return true;
    }

    /// <summary>Finds what this node lacks of a table and, when active, asks the member that has it for those files.</summary>
    private async Task SyncTableAsync(IPeerClient peers, ITimeFiles files, TableSync sync, List<ClusterMember> reached, CancellationToken stopping)
    {
        long after, last;
        string source;
        HashSet<long> absent;
        lock (sync.Gate)
        {
            if (!sync.Tracked) return;
            (after, last, source, absent) = (sync.SourceFirstId, sync.SourceLastId, sync.Source, [.. sync.Absent]);
        }
        var member = sync.Table[4..];
        var waiting = GapFinder.Waiting(node.Dictionary.Get("watch_dir") ?? Path.Combine(node.Paths.DataDir, "watch"), member);
        var gaps = await GapFinder.FindAsync(files, sync.Table, after, last, waiting, absent, PassFiles, stopping);
        lock (sync.Gate)
        {
            sync.ValidatedId = Math.Max(sync.ValidatedId, gaps.ValidatedId);
            sync.Gaps = gaps.Missing.Count;
        }
        if (gaps.Missing.Count == 0 || Mode != ConsumerMode.Active || reached.Find(m => m.Member == source) is not { } from) return;
        for (var i = 0; i < gaps.Missing.Count && Mode == ConsumerMode.Active; i += BatchFiles)
        {
            var batch = gaps.Missing.GetRange(i, Math.Min(BatchFiles, gaps.Missing.Count - i));
            if (!await RequestAsync(peers, files, from, sync, batch, stopping)) return;
        }
    }

    /// <summary>Asks a member for a batch of files; false when it could not be asked or stopped sending.</summary>
    private async Task<bool> RequestAsync(IPeerClient peers, ITimeFiles files, ClusterMember from, TableSync sync, List<long> batch,
        CancellationToken stopping)
    {
        lock (sync.Gate) sync.Requested += batch.Count;
        var command = $"file deliver {sync.Table} {IdRanges.Format(batch)}";
        var reply = (await peers.SendAsync(new PeerRequest([from.Address], command) { Timeout = DeliverTimeout }, stopping))[0];
        var report = reply.Replied && reply.ErrorCode == 0 ? DeliveryReport.TryParse(reply.Text) : null;
        if (report is null)
        {
            lock (sync.Gate) sync.LastError = $"member {from.Member}: {Excerpt(reply.Text)}";
            Log.Error($"Consumer: member {from.Member} ({from.Address}) did not deliver files of {sync.Table}: {Excerpt(reply.Text)}");
            return false;
        }
        lock (sync.Gate)
        {
            sync.Delivered += report.Delivered;
            foreach (var id in report.Absent) sync.Absent.Add(id);
            sync.LastError = report.Error;
        }
        // the member announced each of these with 'event missing_archived_file' too; recording twice keeps one entry
        foreach (var name in report.NotArchived)
        {
            var (recorded, _) = await MissingArchivedFiles.RecordAsync(files, sync.Table, name, UtcNow, stopping);
            if (recorded) lock (sync.Gate) sync.MissingArchived++;
        }
        if (report.Delivered > 0)
            Log.Event($"Consumer: member {from.Member} delivered {report.Delivered} file(s) of {sync.Table} ({report.Bytes} bytes)");
        return report.Error.Length == 0;
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
