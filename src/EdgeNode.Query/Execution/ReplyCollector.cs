using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
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
/// remote columns; extend constants of the query node are filled in here.
/// </summary>
internal sealed class ReplyCollector(IPeerClient peers, QueryJob job, QueryPlan plan, IReadOnlyList<QueryTarget> targets,
    Func<IReadOnlyList<string>, string> command, TimeSpan timeout, bool preliminary = false) : IAsyncDisposable
{
    private readonly List<IPeerJob> _jobs = [];
    private readonly List<QueryTarget[]> _receivers = [];
    private readonly List<OperatorProgress> _progress = [];
    private readonly Dictionary<QueryTarget, TargetFailure> _failures = [];
    private readonly ReplyRowReader _reader = new(plan);
    private readonly CancellationTokenSource _stop = new();
    private Task _pumps = Task.CompletedTask;

    /// <summary>Operators that answered without error.</summary>
    public int Replied { get; private set; }

    public IReadOnlyCollection<TargetFailure> Failures => _failures.Values;

    public async Task StartAsync(CancellationToken cancellation)
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
                    _progress.Add(progress);
                }
            }
            var request = new PeerRequest(members.Select(m => m.Address).ToArray(), text) { Timeout = timeout, Subset = true };
            _jobs.Add(await peers.StartJobAsync(request, cancellation));
            _receivers.Add(members);
        }
    }

    /// <summary>Every row of every operator, as it arrives; ends when all answered, failed or timed out.</summary>
    public async IAsyncEnumerable<object?[]> RowsAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var constants = plan.Extend.Select((e, i) => (e, i)).Where(x => !x.e.FromOperator).ToArray();
        var rows = new List<object?[]>();
        await foreach (var (group, message) in MessagesAsync(cancellation))
        {
            var target = _receivers[group][message.ReceiverId];
            var progress = Progress(group, message.ReceiverId);
            rows.Clear();
            Handle(target, progress, message, rows);
            foreach (var row in rows)
            {
                foreach (var (extend, index) in constants) row[index] = extend.Source;
                yield return row;
            }
        }
        Conclude();
    }

    private OperatorProgress Progress(int group, int receiver)
    {
        var offset = 0;
        for (var g = 0; g < group; g++) offset += _receivers[g].Length;
        return _progress[offset + receiver];
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

    private void Fail(QueryTarget target, OperatorProgress progress, string reason, ErrorCode code = ErrorCode.Success)
    {
        _failures[target] = new TargetFailure(target, reason, code);
        lock (job.Gate)
        {
            progress.Status = code == ErrorCode.Success ? "Failed" : "Error";
            progress.Error = reason;
            progress.Elapsed = job.Elapsed;
        }
    }

    /// <summary>Operators that never finished are timed out; the others count as replied.</summary>
    private void Conclude()
    {
        Replied = 0;
        for (var g = 0; g < _jobs.Count; g++)
        {
            var statuses = _jobs[g].Statuses;
            for (var r = 0; r < _receivers[g].Length; r++)
            {
                var target = _receivers[g][r];
                if (_failures.ContainsKey(target)) continue;
                var progress = Progress(g, r);
                bool complete;
                lock (job.Gate) complete = progress.Status == "Completed";
                if (complete)
                {
                    Replied++;
                    continue;
                }
                if (statuses[r] == PeerReplyStatus.Failed) Fail(target, progress, "not reached");
                else
                {
                    Fail(target, progress, $"no complete reply within {timeout.TotalSeconds:0.###} seconds");
                    lock (job.Gate) progress.Status = "Timeout";
                }
            }
        }
    }

    /// <summary>The messages of every job, merged: jobs are read together so none waits behind another's full channel.</summary>
    private async IAsyncEnumerable<(int Group, PeerJobMessage Message)> MessagesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        if (_jobs.Count == 1)
        {
            await foreach (var message in _jobs[0].Messages.ReadAllAsync(cancellation)) yield return (0, message);
            yield break;
        }
        var merged = Channel.CreateBounded<(int, PeerJobMessage)>(new BoundedChannelOptions(256) { SingleReader = true });
        _pumps = PumpAllAsync(merged.Writer, _stop.Token);
        await foreach (var item in merged.Reader.ReadAllAsync(cancellation)) yield return item;
    }

    private async Task PumpAllAsync(ChannelWriter<(int, PeerJobMessage)> writer, CancellationToken stop)
    {
        try
        {
            await Task.WhenAll(_jobs.Select(async (peerJob, group) =>
            {
                await foreach (var message in peerJob.Messages.ReadAllAsync(stop)) await writer.WriteAsync((group, message), stop);
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
            await _pumps;
        }
        catch (OperationCanceledException)
        {
            // stopped on purpose
        }
        _stop.Dispose();
    }
}
