using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Client;

namespace EdgeNode.Network.Sync;

/// <summary>
/// <c>run blockchain sync</c> (SPEC §2, seed: Blockchain Synchronizer): every period, syncs the ledger from the master
/// (<see cref="MasterSync"/>) or, on a master, from its ledger table (<see cref="TableSync"/>). Between periods it uses the
/// ledgers that land (a master's answer that came late) and wakes early on <c>run blockchain sync</c> ("sync now"). A
/// period that fails counts in <c>Sync Err</c> and leaves the ledger as it was; the next one tries again.
/// </summary>
internal sealed class BlockchainSyncProcess(Node node, SyncOptions options, PeerClient peers, LedgerExporter exporter)
    : NodeProcess(node.Log)
{
    private readonly LedgerInbox _inbox = new(node.Log);
    private readonly Channel<bool> _syncNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private ILedgerSync? _ledger;
    private LedgerApplier? _applier;
    private MasterSync? _master;
    private Func<CancellationToken, Task<string?>>? _period;
    private string? _lastLoggedError;

    public override string Name => ProcessNames.BlockchainSync;

    public SyncOptions Options => options;

    public SyncStatistics Statistics { get; } = new();

    /// <summary>The ledger's md5 and policy count, as the node sees them now.</summary>
    public (string Version, int Policies) Ledger => _ledger is { } ledger ? (ledger.Version, ledger.PolicyCount) : ("", 0);

    public string LedgerFile => _ledger?.FilePath ?? "";

    protected override string DescribeConfiguration() =>
        _master is { Unreachable: true } ? $"Failed to connect to {options.Master}" : options.Describe();

    /// <summary><c>run blockchain sync</c> while running: sync now instead of at the end of the period.</summary>
    public void SyncNow() => _syncNow.Writer.TryWrite(true);

    /// <summary>True when a sync that started at or after <paramref name="since"/> succeeded (<c>wait N for sync</c>).</summary>
    public bool SyncedSince(DateTime since) => Statistics.LastSuccessStart >= since;

    protected override async Task OnStartingAsync(CancellationToken cancellation)
    {
        var ledger = node.Services.Find<ILedgerSync>()
            ?? throw new CommandSyntaxException("the metadata module is not loaded: there is no ledger to sync", 0, ErrorCode.MetadataNotAvailable);
        if (options.Source == SyncSource.Dbms || options.ToDbms)
        {
            if (node.Services.Find<ILedgerTable>() is not { IsConnected: true } table)
                throw new CommandSyntaxException(
                    $"{(options.ToDbms ? "dest = dbms" : "source = dbms")} needs the ledger table: connect dbms blockchain where type = sqlite " +
                    "(and create table ledger where dbms = blockchain)", 0, ErrorCode.DbmsNotConnected);
            if (options.ToDbms) await table.CreateAsync(cancellation);
        }
        _ledger = ledger;
        _applier = new LedgerApplier(node, ledger, _inbox, options.Master, options.ToDbms);
        if (options.Master is { } master)
        {
            if (!peers.CanReceiveReplies)
                throw new CommandSyntaxException("the TCP server must run first: the master sends the ledger to it (run tcp server ...)", 0,
                    ErrorCode.NetworkNotAvailable);
            var newFile = SyncFiles.NewFile(node);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(newFile))!); // the master's file lands there
            foreach (var leftover in SyncFiles.Leftovers(newFile)) File.Delete(leftover); // cut off or never used
            var replyTimeout = TimeSpan.FromSeconds(Math.Clamp(options.Period.TotalSeconds, 5, 20));
            _master = new MasterSync(node, peers, ledger, master, _inbox, _applier, replyTimeout);
            _period = _master.RunAsync;
            peers.FileReceived += _inbox.OnFileReceived;
        }
        else
        {
            _period = new TableSync(node, ledger, exporter, _applier).RunAsync;
        }
        ledger.Changed += OnLedgerChanged;
    }

    protected override Task OnStoppingAsync(CancellationToken cancellation)
    {
        peers.FileReceived -= _inbox.OnFileReceived;
        if (_ledger is not null) _ledger.Changed -= OnLedgerChanged;
        return Task.CompletedTask;
    }

    private void OnLedgerChanged(object? sender, EventArgs e) => Statistics.Loaded();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (options.ToDbms) Record(await _applier!.LoadTableAsync(stopping)); // the ledger the node starts with
        while (true)
        {
            var started = node.Time.GetUtcNow().UtcDateTime;
            await SyncAsync(started, stopping);
            await WaitForNextAsync(started + options.Period, stopping);
        }
    }

    private async Task SyncAsync(DateTime started, CancellationToken stopping)
    {
        Statistics.Called();
        string? error;
        try
        {
            error = await _period!(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            error = e.Message;
        }
        if (error is null) Statistics.Succeeded(started);
        Record(error);
    }

    /// <summary>Counts an error, logging it when it is not the same as the last one (a master that is down fails every period).</summary>
    private void Record(string? error)
    {
        if (error is null)
        {
            _lastLoggedError = null;
            return;
        }
        Statistics.Failed(error);
        if (error == _lastLoggedError) return;
        _lastLoggedError = error;
        Log.Error($"Blockchain sync: {error}");
    }

    /// <summary>Waits for the end of the period, using ledgers that land meanwhile; returns early on "sync now".</summary>
    private async Task WaitForNextAsync(DateTime deadline, CancellationToken stopping)
    {
        while (true)
        {
            var left = deadline - node.Time.GetUtcNow().UtcDateTime;
            if (left <= TimeSpan.Zero) return;
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = Task.Delay(left, node.Time, wake.Token);
            var now = _syncNow.Reader.WaitToReadAsync(wake.Token).AsTask();
            var landed = _inbox.WaitAsync(wake.Token);
            var first = await Task.WhenAny(delay, now, landed);
            await wake.CancelAsync();
            stopping.ThrowIfCancellationRequested();
            if (first == now)
            {
                _syncNow.Reader.TryRead(out _);
                return;
            }
            if (first != landed) return;
            Record(await _applier!.ApplyWaitingAsync(stopping));
        }
    }
}
