using System.Globalization;
using System.Text.Json;

namespace EdgeNode.TestSupport;

/// <summary>
/// The Prometheus text format read by the Prometheus project's own parser (<c>prometheus_client.parser</c>, Debian's
/// python3-prometheus-client): what a scraper would take from <c>/metrics</c>. A text it cannot parse fails the test.
/// </summary>
public static class PrometheusText
{
    /// <summary>One sample: the metric family's type, the sample name (<c>x_total</c>, <c>x_bucket</c>), its labels and value.</summary>
    public sealed record Sample(string Type, string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;
    }

    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                out.append({"type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
        print(json.dumps(out))
        """;

    public static async Task<IReadOnlyList<Sample>> ParseAsync(string text)
    {
        var run = await ExternalProgram.RunAsync("/usr/bin/python3", ["-c", Script], text, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"the Prometheus parser refused the text: {run.Errors}");
        using var document = JsonDocument.Parse(run.Output);
        return [.. document.RootElement.EnumerateArray().Select(s => new Sample(
            s.GetProperty("type").GetString()!,
            s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            ValueOf(s.GetProperty("value"))))];
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with the given labels (label, value, label, value...).</summary>
    public static double Value(this IReadOnlyList<Sample> samples, string name, params string[] labels)
    {
        var matches = samples.Where(s => s.Name == name && Enumerable.Range(0, labels.Length / 2).All(i => s.Has(labels[2 * i], labels[2 * i + 1]))).ToList();
        Assert.True(matches.Count == 1, $"expected one sample {name}{{{string.Join(",", labels)}}}, found {matches.Count}");
        return matches[0].Value;
    }

    private static double ValueOf(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) // NaN and infinities
        : value.GetDouble();
}
