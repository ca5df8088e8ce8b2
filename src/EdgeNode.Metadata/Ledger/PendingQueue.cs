using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Output;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// Commands waiting for a master that could not be reached (<c>blockchain push {...}</c>, <c>blockchain drop policy ...</c>),
/// kept in <c>blockchain.pending</c> next to the ledger, one JSON object per line: <c>{"master": "ip:port", "command": "..", "date": ".."}</c>.
/// Appended with fsync; entries the master acknowledged are removed by an atomic rewrite.
/// </summary>
internal sealed class PendingQueue(Func<string> pathProvider)
{
    private readonly Lock _gate = new();

    public string FilePath => pathProvider();

    public void Add(IpPort master, string command, DateTime nowUtc)
    {
        var line = PyJson.Serialize(new JsonObject
        {
            ["master"] = master.ToString(),
            ["command"] = command,
            ["date"] = PolicyIds.FormatDate(nowUtc),
        });
        lock (_gate) LedgerFile.Append(FilePath, [line]);
    }

    public IReadOnlyList<PendingCommand> Entries()
    {
        lock (_gate) return Read(FilePath);
    }

    public int Count => Entries().Count;

    /// <summary>Removes the entries that were sent (matched by line text), keeping any added meanwhile.</summary>
    public void Remove(IReadOnlyCollection<PendingCommand> sent)
    {
        if (sent.Count == 0) return;
        lock (_gate)
        {
            var remaining = Read(FilePath).Where(e => !sent.Contains(e)).ToList();
            if (remaining.Count == 0) File.Delete(FilePath);
            else LedgerFile.Rewrite(FilePath, remaining.Select(e => e.Line));
        }
    }

    private static List<PendingCommand> Read(string path)
    {
        var result = new List<PendingCommand>();
        if (!File.Exists(path)) return result;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (!PolicyJson.TryParseObject(line, out var obj, out _)) continue; // a torn tail: the append never completed
            if (Core.Metadata.Policy.TextOf(obj!["master"]) is not { } master || !IpPort.TryParse(master, out var endpoint)) continue;
            if (Core.Metadata.Policy.TextOf(obj["command"]) is not { } command) continue;
            result.Add(new PendingCommand(endpoint, command, line));
        }
        return result;
    }
}
