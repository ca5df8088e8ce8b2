using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Query.Monitoring;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Wire;

namespace EdgeNode.Query.Execution;

/// <summary>
/// Sends a remote query to its operators and yields their rows as they arrive (SPEC §12 steps 4-5): one peer job per
/// set of tables (usually one for all operators), every receiver × partition collected until its last block, failures
/// and errors recorded per operator, progress kept in the <see cref="QueryJob"/> for <c>query status</c> (the answer's
/// phase; a <c>period</c>'s first phase is <paramref name="preliminary"/> and only explained). Rows hold the plan's
/// remote columns; extend constants of the query node are filled in here. An operator that was not reached or did not
/// answer, and sent no rows, is replaced within the same call by the members <paramref name="failover"/> names (another
/// member of its cluster, which holds the same rows: SPEC §9), as is a member that answers it is still catching up with
/// its cluster (<see cref="ErrorCode.MemberCatchingUp"/>); an operator that answered with another error is not.
/// </summary>
internal sealed class ReplyCollector(IPeerClient peers, QueryJob job, QueryPlan plan, IReadOnlyList<QueryTarget> targets,
    Func<IReadOnlyList<string>, string> command, TimeSpan timeout, bool preliminary = false,
    Func<QueryTarget, IReadOnlySet<IpPort>, IReadOnlyList<QueryTarget>>? failover = null) : IAsyncDisposable
{
    private readonly List<IPeerJob> _jobs = [];
    private readonly List<QueryTarget[]> _receivers = [];
    private readonly Dictionary<QueryTarget, OperatorProgress> _progressOf = [];
    private readonly Dictionary<QueryTarget, TargetFailure> _failures = [];
    private readonly HashSet<IpPort> _failed = [];
    private readonly ReplyRowReader _reader = new(plan);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];

    /// <summary>Operators that answered without error.</summary>
    public int Replied { get; private set; }

    public IReadOnlyCollection<TargetFailure> Failures => _failures.Values;

    public Task StartAsync(CancellationToken cancellation) => StartAsync(targets, cancellation);

    private async Task StartAsync(IReadOnlyList<QueryTarget> targets, CancellationToken cancellation)
    {
        foreach (var group in targets.GroupBy(t => string.Join(',', t.Tables)))
        {
            var members = group.ToArray();
            var text = command(members[0].Tables);
            lock (job.Gate)
            {
                (preliminary ? job.PeriodRemoteSql : job.RemoteSql).Add(text.Replace('\t', ' '));
                foreach (var member in members)
                {
                    var progress = new OperatorProgress(member.Address, member.Name, member.Tables);
                    if (!preliminary) job.Operators.Add(progress);
                    _progressOf[member] = progress;
                }
            }
            var request = new PeerRequest(members.Select(m => m.Address).ToArray(), text) { Timeout = timeout, Subset = true };
            _jobs.Add(await peers.StartJobAsync(request, cancellation));
            _receivers.Add(members);
        }
    }

    /// <summary>
    /// Every row of every operator, as it arrives; ends when all answered, failed or timed out, and the members that
    /// replace those that were not reached answered too.
    /// </summary>
    public async IAsyncEnumerable<object?[]> RowsAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var constants = plan.Extend.Select((e, i) => (e, i)).Where(x => !x.e.FromOperator).ToArray();
        var rows = new List<object?[]>();
        for (var from = 0; from < _jobs.Count;)
        {
            await foreach (var (group, message) in MessagesAsync(from, cancellation))
            {
                var target = _receivers[group][message.ReceiverId];
                rows.Clear();
                Handle(target, _progressOf[target], message, rows);
                foreach (var row in rows)
                {
                    foreach (var (extend, index) in constants) row[index] = extend.Source;
                    yield return row;
                }
            }
            Conclude(from);
            from = _jobs.Count;
            await FailOverAsync(cancellation);
        }
        Replied = _progressOf.Count(p => !_failures.ContainsKey(p.Key) && p.Value.Status == "Completed");
    }

    /// <summary>
    /// Replaces each operator that was not reached or did not answer, and sent nothing, by the members that answer
    /// instead (a failure is kept when there are none); they are sent the query as new jobs.
    /// </summary>
    private async Task FailOverAsync(CancellationToken cancellation)
    {
        if (failover is null) return;
        var replacements = new List<QueryTarget>();
        foreach (var failure in _failures.Values.Where(f => IsReplaceable(f.Code)).ToList())
        {
            var progress = _progressOf[failure.Target];
            bool silent;
            lock (job.Gate) silent = progress.Rows == 0 && progress.Blocks == 0 && progress.PartitionsDone == 0;
            if (!silent) continue;
            var alternates = failover(failure.Target, _failed);
            if (alternates.Count == 0) continue;
            _failures.Remove(failure.Target);
            lock (job.Gate)
            {
                progress.Status = "Replaced";
                progress.Error = $"{failure.Reason}; answered by {string.Join(", ", alternates.Select(a => a.Address))}";
            }
            replacements.AddRange(alternates);
        }
        if (replacements.Count > 0) await StartAsync(replacements, cancellation);
    }

    private void Handle(QueryTarget target, OperatorProgress progress, PeerJobMessage message, List<object?[]> rows)
    {
        if (_failures.ContainsKey(target)) return;
        switch (message.Kind)
        {
            case PeerMessageKind.JobReply when message.ErrorCode == WireErrors.EmptyDataSet:
                // EdgeLake's answer when the operator has no such table (yet): a complete answer without rows
                lock (job.Gate)
                {
                    progress.Partitions = Math.Max(1, message.PartitionsUsed);
                    progress.PartitionsDone++;
                    if (progress.PartitionsDone >= progress.Partitions)
                    {
                        progress.Status = "Completed";
                        progress.Elapsed = job.Elapsed;
                    }
                }
                return;
            case PeerMessageKind.JobReply when message.ErrorCode != 0:
                Fail(target, progress, message.Text.Length > 0 ? message.Text : $"the query failed there with error {message.ErrorCode}",
                    WireErrors.FromWire(message.ErrorCode));
                return;
            case PeerMessageKind.JobReply:
                try
                {
                    foreach (var segment in message.Rows) _reader.Read(segment, rows);
                }
                catch (JsonException e)
                {
                    rows.Clear();
                    Fail(target, progress, $"its reply is not query rows: {e.Message}", ErrorCode.PeerError);
                    return;
                }
                lock (job.Gate)
                {
                    progress.Status = "Processing";
                    progress.Blocks++;
                    progress.Rows += rows.Count;
                    progress.Partitions = Math.Max(1, message.PartitionsUsed);
                    if (!message.IsLast) return;
                    progress.PartitionsDone++;
                    progress.DbmsMilliseconds += message.DbmsMilliseconds;
                    if (progress.PartitionsDone >= progress.Partitions)
                    {
                        progress.Status = "Completed";
                        progress.Elapsed = job.Elapsed;
                    }
                }
                return;
            case PeerMessageKind.Echo or PeerMessageKind.Print:
                // an error sent as text (unknown DBMS or table, bad SQL), or an answer that is not rows
                var code = message.ErrorCode != 0 ? (ErrorCode)message.ErrorCode : ErrorCode.PeerError;
                Fail(target, progress, message.Text.Length > 0 ? message.Text : $"error {message.ErrorCode}", code);
                return;
            default:
                Fail(target, progress, message.Text.Length > 0 ? message.Text : "not reached");
                return;
        }
    }

    /// <summary>Failures another member of the cluster answers for: no answer, or a member still loading what it missed.</summary>
    private static bool IsReplaceable(ErrorCode code) => code is ErrorCode.Success or ErrorCode.MemberCatchingUp;

    private void Fail(QueryTarget target, OperatorProgress progress, string reason, ErrorCode code = ErrorCode.Success)
    {
        _failures[target] = new TargetFailure(target, reason, code);
        if (IsReplaceable(code)) _failed.Add(target.Address);
        lock (job.Gate)
        {
            progress.Status = code == ErrorCode.Success ? "Failed" : "Error";
            progress.Error = reason;
            progress.Elapsed = job.Elapsed;
        }
    }

    /// <summary>Operators of the jobs from <paramref name="from"/> on that never finished are timed out.</summary>
    private void Conclude(int from)
    {
        for (var g = from; g < _jobs.Count; g++)
        {
            var statuses = _jobs[g].Statuses;
            for (var r = 0; r < _receivers[g].Length; r++)
            {
                var target = _receivers[g][r];
                if (_failures.ContainsKey(target)) continue;
                var progress = _progressOf[target];
                bool complete;
                lock (job.Gate) complete = progress.Status == "Completed";
                if (complete) continue;
                if (statuses[r] == PeerReplyStatus.Failed) Fail(target, progress, "not reached");
                else
                {
                    Fail(target, progress, $"no complete reply within {timeout.TotalSeconds:0.###} seconds");
                    lock (job.Gate) progress.Status = "Timeout";
                }
            }
        }
    }

    /// <summary>
    /// The messages of the jobs from <paramref name="from"/> on, merged: jobs are read together so none waits behind
    /// another's full channel.
    /// </summary>
    private async IAsyncEnumerable<(int Group, PeerJobMessage Message)> MessagesAsync(int from,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        if (_jobs.Count == from + 1)
        {
            await foreach (var message in _jobs[from].Messages.ReadAllAsync(cancellation)) yield return (from, message);
            yield break;
        }
        var merged = Channel.CreateBounded<(int, PeerJobMessage)>(new BoundedChannelOptions(256) { SingleReader = true });
        _pumps.Add(PumpAllAsync(from, merged.Writer, _stop.Token));
        await foreach (var item in merged.Reader.ReadAllAsync(cancellation)) yield return item;
    }

    private async Task PumpAllAsync(int from, ChannelWriter<(int, PeerJobMessage)> writer, CancellationToken stop)
    {
        try
        {
            await Task.WhenAll(_jobs.Skip(from).Select(async (peerJob, index) =>
            {
                await foreach (var message in peerJob.Messages.ReadAllAsync(stop)) await writer.WriteAsync((from + index, message), stop);
            }));
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var peerJob in _jobs) await peerJob.DisposeAsync();
        try
        {
            await Task.WhenAll(_pumps);
        }
        catch (OperationCanceledException)
        {
            // stopped on purpose
        }
        _stop.Dispose();
    }
}
