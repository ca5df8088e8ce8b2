using System.Text.RegularExpressions;

namespace EdgeNode.TestSupport;

/// <summary>
/// <c>get scheduler</c> outputs made comparable across nodes and runs: start times become a fixed text of the same width,
/// and so does the run counter of the named task (a 1-second task's count depends on when the output was taken).
/// </summary>
public static partial class SchedulerOutput
{
    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")]
    private static partial Regex StartTime();

    public static string Masked(string text, string countedTask = "One Second")
    {
        var lines = StartTime().Replace(text, "yyyy-mm-dd hh:mm:ss.ffffff").Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split('|');
            if (cells.Length > 3 && cells[2].Trim() == countedTask) cells[3] = "n".PadLeft(cells[3].Length);
            lines[i] = string.Join('|', cells);
        }
        return string.Join("\r\n", lines);
    }

    /// <summary>The cells of the Scheduler row of <c>get processes</c>, trimmed.</summary>
    public static string[] ProcessRow(string getProcesses) =>
        getProcesses.Split("\r\n").First(l => l.TrimStart().StartsWith("Scheduler ", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
}
