namespace EdgeNode.Core;

/// <summary>A fixed-size ring of recent log entries; the oldest entries drop off. Thread-safe.</summary>
public sealed class BoundedLog(int capacity)
{
    private readonly Queue<LogEntry> _entries = new(capacity);
    private long _counter;

    public void Add(string message, DateTime time)
    {
        lock (_entries)
        {
            if (_entries.Count == capacity) _entries.Dequeue();
            _entries.Enqueue(new LogEntry(++_counter, time, message));
        }
    }

    public IReadOnlyList<LogEntry> Entries()
    {
        lock (_entries) return _entries.ToArray();
    }

    public void Clear()
    {
        lock (_entries) _entries.Clear();
    }
}
