using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Ledger;

/// <summary>
/// What reading a ledger file found: the live policies in file order (deleted ones removed) and what was wrong with
/// the file, so it can be reported instead of failing: invalid lines, a torn last line (a write cut by a crash),
/// repeated ids.
/// </summary>
internal sealed class LedgerLoad
{
    public List<Policy> Policies { get; } = [];

    /// <summary>Ids of the policies marked <c>"ledger": "local"</c> (not yet confirmed by the master).</summary>
    public HashSet<string> LocalIds { get; } = new(StringComparer.Ordinal);

    public int Lines { get; set; }

    public int DeletedMarkers { get; set; }

    public int Duplicates { get; set; }

    /// <summary>Invalid lines in the middle of the file: 1-based line number and the reason.</summary>
    public List<(int Line, string Reason)> InvalidLines { get; } = [];

    /// <summary>The last line has no newline and is not a valid policy: a write cut short. Ignored.</summary>
    public string? TornTail { get; set; }

    public bool FileExists { get; set; }

    public bool IsClean => InvalidLines.Count == 0 && TornTail is null;

    /// <summary>One line for the event or error log.</summary>
    public string Describe(string path)
    {
        var text = $"Ledger {path}: {Policies.Count} policies, {DeletedMarkers} deleted, {Lines} lines";
        if (Duplicates > 0) text += $", {Duplicates} repeated ids ignored";
        if (InvalidLines.Count > 0)
            text += $", {InvalidLines.Count} invalid lines ignored (" +
                    string.Join("; ", InvalidLines.Take(5).Select(l => $"line {l.Line}: {l.Reason}")) + ")";
        if (TornTail is not null) text += $", torn last line ignored ({TornTail.Length} bytes)";
        return text;
    }
}
