namespace EdgeNode.Network.Monitoring;

/// <summary>One peer's record in <see cref="PeerHealth"/>: thread-safe, read as a <see cref="Snapshot"/>.</summary>
internal sealed class PeerState(string address)
{
    private readonly object _gate = new();
    private bool _responding = true;
    private long _messages;
    private long _errors;
    private DateTime _lastSeen;
    private DateTime? _lastErrorAt;
    private string _lastError = "";

    public void Report(bool responding, string reason, DateTime now)
    {
        lock (_gate)
        {
            _responding = responding;
            _messages++;
            _lastSeen = now;
            if (responding) return;
            _errors++;
            _lastErrorAt = now;
            _lastError = reason;
        }
    }

    public Snapshot Read()
    {
        lock (_gate) return new Snapshot(address, _responding, _messages, _errors, _lastSeen, _lastErrorAt, _lastError);
    }

    public sealed record Snapshot(string Address, bool Responding, long Messages, long Errors, DateTime LastSeen, DateTime? LastErrorAt, string LastError);
}
