using System.Threading.Channels;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// A request in flight (see <see cref="IPeerJob"/>). The TCP server delivers replies here; a destination is finished
/// after one print/echo message, or after the last block of every partition of a <c>job reply</c>, or when sending to
/// it failed. The messages channel is bounded, so a slow reader slows the peers' senders instead of buffering without
/// limit; once the job ended (finished, timed out, disposed) deliveries are refused.
/// </summary>
internal sealed class PeerJob : IPeerJob
{
    private const int ChannelCapacity = 256;

    private readonly Channel<PeerJobMessage> _messages = Channel.CreateBounded<PeerJobMessage>(
        new BoundedChannelOptions(ChannelCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly PeerReplyStatus[] _statuses;
    private readonly int[] _partitionsDone;
    private readonly bool[] _finished;
    private readonly CancellationTokenSource _lifetime;
    private readonly CancellationToken _lifetimeToken; // kept: a late delivery may read it after the source is disposed
    private readonly Action<IpPort, bool, string> _statusChanged;
    private readonly Action<PeerJob> _release;
    private readonly object _gate = new();
    private Task _sending = Task.CompletedTask;
    private int _pending;
    private int _disposed;

    public PeerJob(int location, uint id, IReadOnlyList<IpPort> destinations, TimeSpan timeout, TimeProvider time,
        Action<IpPort, bool, string> statusChanged, Action<PeerJob> release)
    {
        JobLocation = location;
        JobId = id;
        Destinations = destinations;
        Timeout = timeout;
        _statuses = new PeerReplyStatus[destinations.Count];
        _partitionsDone = new int[destinations.Count];
        _finished = new bool[destinations.Count];
        _pending = destinations.Count;
        _statusChanged = statusChanged;
        _release = release;
        _lifetime = new CancellationTokenSource(timeout, time);
        _lifetimeToken = _lifetime.Token;
        _lifetimeToken.Register(static state => ((PeerJob)state!).OnTimeout(), this);
        if (_pending == 0) _messages.Writer.TryComplete();
    }

    public int JobLocation { get; }
    public uint JobId { get; }
    public IReadOnlyList<IpPort> Destinations { get; }
    public TimeSpan Timeout { get; }
    public ChannelReader<PeerJobMessage> Messages => _messages.Reader;

    /// <summary>Cancelled when the job times out or is disposed: sends and deliveries stop.</summary>
    public CancellationToken Lifetime => _lifetimeToken;

    public IReadOnlyList<PeerReplyStatus> Statuses
    {
        get
        {
            lock (_gate) return (PeerReplyStatus[])_statuses.Clone();
        }
    }

    /// <summary>The job owns the tasks sending its request; disposing waits for them.</summary>
    public void TrackSends(Task sending) => _sending = sending;

    /// <summary>Completes when the request went out to every destination (or failed to); never faults.</summary>
    public Task Sent => _sending;

    /// <summary>
    /// A destination still waited for is done without a message from it: the peer took the request and answers only on
    /// failure (an EdgeLake node receiving a file). It counts as responding.
    /// </summary>
    public void ReplyUnasked(int receiver, string text)
    {
        lock (_gate)
        {
            if (_statuses[receiver] != PeerReplyStatus.Pending) return;
            _statuses[receiver] = PeerReplyStatus.Replied;
            _finished[receiver] = true;
        }
        _statusChanged(Destinations[receiver], true, "");
        _messages.Writer.TryWrite(new PeerJobMessage(receiver, PeerMessageKind.FileReceived) { Text = text });
        Finish();
    }

    /// <summary>Delivers a reply; false when the job ended or the receiver id is not one of its destinations.</summary>
    public async ValueTask<bool> DeliverAsync(PeerJobMessage message)
    {
        var receiver = message.ReceiverId;
        if ((uint)receiver >= (uint)_statuses.Length) return false;
        lock (_gate)
            if (_statuses[receiver] is not (PeerReplyStatus.Pending or PeerReplyStatus.Replied)) return false;
        try
        {
            await _messages.Writer.WriteAsync(message, _lifetimeToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return false;
        }
        bool first, finished;
        lock (_gate)
        {
            if (_statuses[receiver] is not (PeerReplyStatus.Pending or PeerReplyStatus.Replied)) return true; // timed out meanwhile
            first = _statuses[receiver] == PeerReplyStatus.Pending;
            _statuses[receiver] = PeerReplyStatus.Replied;
            // a destination finishes once, however many messages it sends (a duplicate must not end the job for the others)
            finished = !_finished[receiver] && message.IsLast && ++_partitionsDone[receiver] >= Math.Max(1, message.PartitionsUsed);
            if (finished) _finished[receiver] = true;
        }
        if (first) _statusChanged(Destinations[receiver], true, "");
        if (finished) Finish();
        return true;
    }

    /// <summary>Sending to a destination failed: it will not answer.</summary>
    public void Fail(int receiver, string reason)
    {
        lock (_gate)
        {
            if (_statuses[receiver] != PeerReplyStatus.Pending) return;
            _statuses[receiver] = PeerReplyStatus.Failed;
        }
        _statusChanged(Destinations[receiver], false, reason);
        // the reader learns the reason from the message; a full channel only means the reader is behind, so do not block
        _messages.Writer.TryWrite(new PeerJobMessage(receiver, PeerMessageKind.SendFailed) { Text = reason });
        Finish();
    }

    /// <summary>
    /// This node can no longer take replies (its TCP server stopped): every destination still waited for is done with
    /// <paramref name="reason"/>. Not the peers' fault, so none is marked not responding.
    /// </summary>
    public void Abandon(string reason)
    {
        foreach (var i in EndPending(PeerReplyStatus.Failed))
        {
            _messages.Writer.TryWrite(new PeerJobMessage(i, PeerMessageKind.SendFailed) { Text = reason });
            Finish();
        }
    }

    /// <summary>Gives every destination still waited for the status <paramref name="end"/>; returns them.</summary>
    private List<int> EndPending(PeerReplyStatus end)
    {
        List<int> ended = [];
        lock (_gate)
        {
            for (var i = 0; i < _statuses.Length; i++)
            {
                if (_statuses[i] != PeerReplyStatus.Pending) continue;
                _statuses[i] = end;
                ended.Add(i);
            }
        }
        return ended;
    }

    private void Finish()
    {
        if (Interlocked.Decrement(ref _pending) == 0) _messages.Writer.TryComplete();
    }

    private void OnTimeout()
    {
        var late = EndPending(PeerReplyStatus.TimedOut);
        if (Volatile.Read(ref _disposed) == 0)
            foreach (var i in late) _statusChanged(Destinations[i], false, $"no reply within {Timeout.TotalSeconds:0.###} seconds");
        _messages.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _release(this);
        await _lifetime.CancelAsync();
        _messages.Writer.TryComplete();
        try
        {
            await _sending;
        }
        catch (Exception)
        {
            // send failures were reported through Fail; cancellation is expected here
        }
        _lifetime.Dispose();
    }
}
