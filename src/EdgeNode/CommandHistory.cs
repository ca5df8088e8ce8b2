namespace EdgeNode;

/// <summary>The prompt's command history, kept in a file in the node home so it survives restarts.</summary>
internal sealed class CommandHistory
{
    private const int MaxEntries = 1000;
    private readonly List<string> _entries = [];
    private readonly string? _path;

    public CommandHistory(string? path)
    {
        _path = path;
        if (path is null || !File.Exists(path)) return;
        try
        {
            _entries.AddRange(File.ReadLines(path).Where(l => l.Length > 0).TakeLast(MaxEntries));
        }
        catch (IOException)
        {
            // an unreadable history is not a reason to refuse the prompt
        }
    }

    public int Count => _entries.Count;

    public string this[int index] => _entries[index];

    public void Add(string line)
    {
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line)) return;
        _entries.Add(line);
        if (_entries.Count > MaxEntries) _entries.RemoveAt(0);
        if (_path is null) return;
        try
        {
            File.AppendAllText(_path, line.Replace('\n', ' ') + "\n");
        }
        catch (IOException)
        {
            // history is a convenience
        }
        catch (UnauthorizedAccessException)
        {
            // history is a convenience
        }
    }
}
