using System.Text.Json;

namespace EdgeNode.InteropTests.Answers;

/// <summary>
/// The rows of a query answer, read from what a query node printed (JSON <c>{"Query":[...]}</c> or a text table) or from
/// a reference database, as labels and normalized cells (<see cref="Cell"/>), so that answers of EdgeLake and EdgeNode
/// query nodes compare by value: <c>2026-01-15 08:30:00</c> and <c>2026-01-15 08:30:00.000000</c> are one time, <c>15</c>
/// and <c>15.0</c> one number.
/// </summary>
public sealed record Answer(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>Reads a JSON answer (<c>{"Query": [...], "Statistics": [...]}</c>); no <c>Query</c> key is no rows.</summary>
    public static Answer FromJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        if (!document.RootElement.TryGetProperty("Query", out var query)) return new Answer([], []);
        var labels = new List<string>();
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var row in query.EnumerateArray())
        {
            if (labels.Count == 0) labels.AddRange(row.EnumerateObject().Select(p => p.Name));
            rows.Add(row.EnumerateObject().Select(p => Cell.FromJson(p.Value)).ToList());
        }
        return new Answer(labels, rows);
    }

    /// <summary>
    /// Reads a text table: a header line, a line of dashes whose runs give the columns, rows up to a blank line; a further
    /// block of header, dashes and rows continues the answer.
    /// </summary>
    public static Answer FromTable(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var labels = new List<string>();
        var rows = new List<IReadOnlyList<Cell>>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (!IsDashes(lines[i])) continue;
            var spans = Spans(lines[i]);
            if (labels.Count == 0) labels.AddRange(spans.Select(s => Slice(lines[i - 1], s)));
            for (i++; i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].StartsWith('{'); i++)
                rows.Add(spans.Select(s => Cell.FromText(Slice(lines[i], s))).ToList());
        }
        return new Answer(labels, rows);
    }

    /// <summary>The answer's columns named <paramref name="labels"/>, in that order.</summary>
    public Answer Select(IReadOnlyList<string> labels)
    {
        var indexes = labels.Select(l =>
        {
            var index = Labels.ToList().IndexOf(l);
            Assert.True(index >= 0, $"the answer has no column '{l}' (it has {string.Join(", ", Labels)})");
            return index;
        }).ToArray();
        return new Answer(labels, Rows.Select(r => (IReadOnlyList<Cell>)indexes.Select(i => r[i]).ToList()).ToList());
    }

    /// <summary>Fails, naming the first difference, unless both answers hold the same cells in the same order.</summary>
    public void AssertSameAs(Answer expected, string what)
    {
        Assert.True(expected.Rows.Count == Rows.Count, $"{what}: {Rows.Count} rows where one database has {expected.Rows.Count}\n{this}\nexpected:\n{expected}");
        for (var r = 0; r < Rows.Count; r++)
        {
            Assert.True(Rows[r].Count == expected.Rows[r].Count, $"{what}: row {r} has {Rows[r].Count} columns, expected {expected.Rows[r].Count}");
            for (var c = 0; c < Rows[r].Count; c++)
                Assert.True(Rows[r][c].Matches(expected.Rows[r][c]),
                    $"{what}: row {r} column {c} ({(c < Labels.Count ? Labels[c] : "?")}) is {Rows[r][c]}, one database says {expected.Rows[r][c]}\n{this}\nexpected:\n{expected}");
        }
    }

    /// <summary>
    /// Fails unless the answer has <paramref name="count"/> rows, each equal to a different row of <paramref name="expected"/>
    /// (in any order).
    /// </summary>
    public void AssertRowsAmong(Answer expected, int count, string what)
    {
        Assert.True(Rows.Count == count, $"{what}: {Rows.Count} rows where {count} are expected\n{this}\nexpected among:\n{expected}");
        var unused = expected.Rows.ToList();
        foreach (var row in Rows)
        {
            var index = unused.FindIndex(e => e.Count == row.Count && e.Zip(row).All(p => p.Second.Matches(p.First)));
            Assert.True(index >= 0, $"{what}: row {string.Join(" | ", row)} is not among one database's rows (or comes twice)\n{this}\nexpected among:\n{expected}");
            unused.RemoveAt(index);
        }
    }

    public override string ToString() =>
        string.Join(" | ", Labels) + "\n" + string.Join("\n", Rows.Select(r => string.Join(" | ", r)));

    private static bool IsDashes(string line) => line.Contains("---", StringComparison.Ordinal) && line.All(c => c is '-' or ' ' or '|');

    /// <summary>The runs of dashes of a separator line (EdgeLake ends each with a space or a bar).</summary>
    private static List<(int Start, int Length)> Spans(string dashes)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < dashes.Length; i++)
        {
            if (dashes[i] != '-') continue;
            var start = i;
            while (i < dashes.Length && dashes[i] == '-') i++;
            spans.Add((start, i - start));
        }
        return spans;
    }

    private static string Slice(string line, (int Start, int Length) span) =>
        span.Start >= line.Length ? "" : line.Substring(span.Start, Math.Min(span.Length, line.Length - span.Start)).Trim().Trim('|').Trim();
}
