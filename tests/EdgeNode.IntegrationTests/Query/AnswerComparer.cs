using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// Compares a network answer with the one-database answer: the same rows with the same values and types, in the same
/// order when order is part of the answer, and the same text apart from the documented JSON spacing (network rows with
/// timestamps or casts print as Python's json.dumps does) and the statistics.
/// </summary>
internal static class AnswerComparer
{
    public static void AssertSame(string network, string baseline, QueryOutputFormat format, bool ordered)
    {
        if (format == QueryOutputFormat.Table)
        {
            if (ordered) Assert.Equal(baseline, network);
            else Assert.Equal(SortedLines(baseline), SortedLines(network));
            return;
        }
        Assert.Equal(Rows(baseline, format, ordered), Rows(network, format, ordered));
        if (ordered) Assert.Equal(baseline, Compact(network));
    }

    /// <summary>The rows of a JSON answer as canonical JSON texts (numbers as printed: 2 and 2.0 differ).</summary>
    public static List<string> Rows(string answer, QueryOutputFormat format, bool ordered = true)
    {
        IEnumerable<JsonNode?> rows = format switch
        {
            QueryOutputFormat.Json => JsonNode.Parse(answer)!["Query"]!.AsArray(),
            QueryOutputFormat.JsonList => JsonNode.Parse(answer)!.AsArray(),
            _ => answer.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)),
        };
        var texts = rows.Select(r => r!.ToJsonString()).ToList();
        if (!ordered) texts.Sort(StringComparer.Ordinal);
        return texts;
    }

    private static string Compact(string json) =>
        json.Replace("{\"Query\": [", "{\"Query\":[", StringComparison.Ordinal).Replace("\", \"", "\",\"", StringComparison.Ordinal)
            .Replace("\": ", "\":", StringComparison.Ordinal)
            .Replace(", \"", ",\"", StringComparison.Ordinal);

    private static List<string> SortedLines(string text) => [.. text.Split('\n').Order(StringComparer.Ordinal)];
}
