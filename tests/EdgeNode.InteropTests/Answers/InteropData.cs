namespace EdgeNode.InteropTests.Answers;

/// <summary>
/// The rows of the mixed network: pairs of readings a few minutes apart every few hours over a month, each one's value
/// with three decimals and never a whole number (so both nodes infer a decimal column). The first of a pair goes to the
/// EdgeLake operator, the second to the EdgeNode operator, so that minute, hour and day buckets hold rows of both.
/// </summary>
public static class InteropData
{
    public const string Dbms = "mixdb";

    private static readonly string[] Devices = ["pump-a", "pump-b", "fan", "valve"];

    public static IReadOnlyList<InteropRow> Readings { get; } = Generate(90, new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(437) + TimeSpan.FromSeconds(13));

    public static IReadOnlyList<InteropRow> Readings2 { get; } = Generate(8, new DateTime(2026, 1, 5, 6, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(29));

    public static IReadOnlyDictionary<string, IReadOnlyList<InteropRow>> Tables { get; } =
        new Dictionary<string, IReadOnlyList<InteropRow>> { ["readings"] = Readings, ["readings2"] = Readings2 };

    public static IEnumerable<InteropRow> ForEdgeLake(IEnumerable<InteropRow> rows) => rows.Where((_, i) => i % 2 == 0);

    public static IEnumerable<InteropRow> ForEdgeNode(IEnumerable<InteropRow> rows) => rows.Where((_, i) => i % 2 == 1);

    private static List<InteropRow> Generate(int count, DateTime start, TimeSpan step) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var value = Math.Round((i * 37 % 101) * 0.731 - 20.0 + 0.013 * (i % 7), 3);
            if (value % 1 == 0) value += 0.5;
            var time = start + step * (i / 2) + (i % 2 == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(197)) + TimeSpan.FromSeconds(i % 3 == 0 ? 0 : 40);
            return new InteropRow(time, Devices[i * 7 % 4], value, i % 3);
        }).ToList();
}
