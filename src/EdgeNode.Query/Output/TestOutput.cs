using System.Globalization;
using System.Text;
using EdgeNode.Core.Output;

namespace EdgeNode.Query.Output;

/// <summary>
/// The test format of a query (<c>test = true [and source = expected.out] [and title = ..] [and file = result.out]</c>,
/// SPEC §12-13): a header (title, date, command), the answer as a body between two marker lines, and a footer (rows,
/// nodes, time and, with a source, whether the body equals the source's body). A test output kept as the source of a
/// later run compares body to body, so the date and run time never make a test fail; a source without the markers is
/// compared whole. EdgeLake's exact test layout is not recorded in the spec; this one keeps its header/body/footer parts.
/// </summary>
internal static class TestOutput
{
    public const string BodyStart = "---------- output ----------";
    public const string BodyEnd = "---------- end ----------";

    /// <summary>The comparison of a body with a source file: null without a source, else whether they match and why not.</summary>
    public sealed record Verdict(bool Passed, string Text);

    public static Verdict? Compare(string body, string? source)
    {
        if (source is null) return null;
        string expected;
        try
        {
            expected = Body(File.ReadAllText(source));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Verdict(false, $"Failed (cannot read source {source}: {e.Message})");
        }
        var actualLines = Lines(body);
        var expectedLines = Lines(expected);
        for (var i = 0; i < Math.Max(actualLines.Length, expectedLines.Length); i++)
        {
            var actual = i < actualLines.Length ? actualLines[i] : "(no line)";
            var wanted = i < expectedLines.Length ? expectedLines[i] : "(no line)";
            if (actual != wanted)
                return new Verdict(false, string.Create(CultureInfo.InvariantCulture,
                    $"Failed (line {i + 1} differs from {source}: expected '{wanted}', got '{actual}')"));
        }
        return new Verdict(true, $"Passed (same as {source})");
    }

    public static string Format(string? title, DateTime nowUtc, string command, string body, QueryStatistics statistics, Verdict? verdict)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(title)) text.Append("Title:    ").Append(title).Append('\n');
        text.Append("Date:     ").Append(nowUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC\n");
        text.Append("Command:  ").Append(command).Append('\n');
        text.Append(BodyStart).Append('\n').Append(Normalize(body)).Append('\n').Append(BodyEnd).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Rows:     {statistics.Count}\n");
        text.Append(CultureInfo.InvariantCulture, $"Nodes:    {statistics.Nodes}\n");
        text.Append("Run Time: ").Append(statistics.Time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Result:   ").Append(verdict?.Text ?? "Not compared (no source)").Append('\n');
        return text.ToString();
    }

    /// <summary>The body of a test output (between the marker lines), or the whole text when it has none.</summary>
    private static string Body(string text)
    {
        text = text.ReplaceLineEndings("\n");
        var start = text.IndexOf(BodyStart + "\n", StringComparison.Ordinal);
        var end = text.LastIndexOf("\n" + BodyEnd, StringComparison.Ordinal);
        return start >= 0 && end >= start + BodyStart.Length ? text[(start + BodyStart.Length + 1)..end] : text;
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").Trim('\n');

    /// <summary>Lines without trailing blanks (table padding), leading and trailing empty lines ignored.</summary>
    private static string[] Lines(string text) => Normalize(text).Split('\n').Select(l => l.TrimEnd()).ToArray();
}
