using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// The node's streaming conditions (EdgeLake's <c>generic/streaming_conditions.py</c>), tested on every row the streamer
/// receives for their table (REST PUT, MQTT, the broker). The commands of conditions that hold run on one background
/// worker, in order, so an email or a webhook never slows ingest; when more than <see cref="MaxPending"/> wait, the
/// newest are dropped and counted. Without conditions for a table, ingest pays one dictionary lookup per batch.
/// </summary>
internal sealed class StreamingConditions : IRowConditions
{
    public const int MaxPending = 1000;

    private readonly Node _node;
    private readonly ConcurrentDictionary<(string Dbms, string Table), TableConditions> _tables = new();
    private readonly Channel<string> _commands = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxPending) { SingleReader = true });
    private readonly object _gate = new();
    private Task? _worker;
    private long _droppedCommands;

    public StreamingConditions(Node node) => _node = node;

    /// <summary>Commands not run because <see cref="MaxPending"/> were already waiting.</summary>
    public long DroppedCommands => Interlocked.Read(ref _droppedCommands);

    public bool HasConditions(string dbms, string table) => !_tables.IsEmpty && _tables.ContainsKey((dbms, table));

    public bool DropsRows(string dbms, string table) => Find(dbms, table) is { DropsRows: true };

    public IReadOnlyList<TableConditions> Tables =>
        _tables.Values.OrderBy(t => t.Dbms, StringComparer.Ordinal).ThenBy(t => t.Table, StringComparer.Ordinal).ToList();

    public TableConditions? Find(string dbms, string table) => _tables.GetValueOrDefault((dbms, table));

    /// <summary>Adds a condition; returns an error text when the same statement is already set on the table.</summary>
    public string? Add(string dbms, string table, IReadOnlyList<Token> statement, long limit)
    {
        var text = string.Join(' ', statement.Select(t => t.SourceText));
        var then = -1;
        for (var i = 1; i < statement.Count && then < 0; i++)
            if (statement[i].IsWord("then")) then = i;
        if (then < 0) throw new CommandSyntaxException("Missing 'then' in the streaming condition", statement[0].Position);
        if (then == statement.Count - 1) throw new CommandSyntaxException("missing command after 'then'", statement[then].Position);
        lock (_gate)
        {
            var current = Find(dbms, table);
            if (current is not null && current.Conditions.Any(c => c.Text == text))
                return $"Duplicate condition for DBMS '{dbms}' and table '{table}': {text}";
            var columns = current?.Columns.ToList() ?? [];
            var condition = new ConditionParser(columns).Parse(statement.Skip(1).Take(then - 1).ToList());
            var command = string.Join(' ', statement.Skip(then + 1).Select(t => t.SourceText));
            var ignores = command.Equals("ignore entry", StringComparison.OrdinalIgnoreCase)
                          || command.Equals("return ignore entry", StringComparison.OrdinalIgnoreCase);
            var added = new StreamingCondition(text, condition, ignores ? null : command, limit, ConditionCompiler.Compile(condition, _node.Variables));
            _tables[(dbms, table)] = new TableConditions(dbms, table, [.. columns], [.. current?.Conditions ?? [], added]);
            _worker ??= Task.Run(RunCommandsAsync, CancellationToken.None);
        }
        return null;
    }

    /// <summary>Removes all conditions, a database's, a table's, or some of a table's by id (1-based). Returns how many were removed.</summary>
    public int Remove(string? dbms, string? table, IReadOnlyCollection<long>? ids)
    {
        lock (_gate)
        {
            var removed = 0;
            foreach (var (key, entry) in _tables)
            {
                if ((dbms is not null && key.Dbms != dbms) || (table is not null && key.Table != table)) continue;
                if (ids is null || ids.Count == 0)
                {
                    removed += entry.Conditions.Length;
                    _tables.TryRemove(key, out _);
                    continue;
                }
                var kept = entry.Conditions.Where((_, index) => !ids.Contains(index + 1)).ToArray();
                removed += entry.Conditions.Length - kept.Length;
                if (kept.Length == 0) _tables.TryRemove(key, out _);
                else _tables[key] = new TableConditions(entry.Dbms, entry.Table, entry.Columns, kept);
            }
            return removed;
        }
    }

    public (ReadOnlyMemory<byte> Rows, int RowCount) Apply(string dbms, string table, ReadOnlyMemory<byte> rows, int rowCount)
    {
        if (Find(dbms, table) is not { } entry) return (rows, rowCount);
        var values = new RowValue[entry.Columns.Length];
        List<Range>? kept = null;
        var keptRows = 0;
        var span = rows.Span;
        var start = 0;
        var index = 0;
        while (start < span.Length)
        {
            var end = span[start..].IndexOf((byte)'\n');
            var next = end < 0 ? span.Length : start + end + 1;
            var line = rows[start..(end < 0 ? span.Length : start + end)];
            if (line.Length > 0 && RowValues.Read(line, entry.ColumnBytes, values) && !Keep(entry, values))
            {
                if (kept is null)
                {
                    kept = new List<Range>(rowCount);
                    if (start > 0) kept.Add(0..start);
                    keptRows = index;
                }
            }
            else if (kept is not null)
            {
                kept.Add(start..next);
                keptRows++;
            }
            start = next;
            index++;
        }
        return kept is null ? (rows, rowCount) : (Rebuild(rows, kept), keptRows);
    }

    /// <summary>Tests every condition on one row; starts the commands of those that hold. False when the row is to be dropped.</summary>
    private bool Keep(TableConditions entry, RowValue[] values)
    {
        var keep = true;
        foreach (var condition in entry.Conditions)
        {
            if (condition.LimitReached || !condition.Test(values)) continue;
            if (!condition.TryCount()) continue;
            if (condition.IgnoresEntry)
            {
                keep = false;
                continue;
            }
            if (!_commands.Writer.TryWrite(condition.Command!) && Interlocked.Increment(ref _droppedCommands) % 100 == 1)
                _node.Log.Error($"Streaming condition: {MaxPending} commands already waiting, '{condition.Command}' dropped ({DroppedCommands} so far)");
        }
        return keep;
    }

    private static ReadOnlyMemory<byte> Rebuild(ReadOnlyMemory<byte> rows, List<Range> kept)
    {
        var writer = new ArrayBufferWriter<byte>(Math.Max(1, rows.Length));
        foreach (var range in kept)
        {
            var part = rows.Span[range];
            writer.Write(part);
            if (part.Length > 0 && part[^1] != (byte)'\n') writer.Write("\n"u8);
        }
        return writer.WrittenMemory;
    }

    private async Task RunCommandsAsync()
    {
        var stopping = _node.ShutdownToken;
        try
        {
            await foreach (var command in _commands.Reader.ReadAllAsync(stopping))
                await _node.Dispatcher.ExecuteAsync(command, CommandSource.Internal, _node.Console, null, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the node stops; waiting commands are not run
        }
    }
}
