using System.Globalization;

namespace EdgeNode.TestSupport.Client;

/// <summary>
/// The rows of the client-query network (<see cref="ClientQueryList"/>), PUT in streaming mode to two operators in two
/// clusters, the even rows to the first and the odd rows to the second, as AnyLog's black-box clients load data:
/// <list type="bullet">
/// <item><c>mon</c>: 240 readings whose gaps grow (1.7 s, 47 minutes, 3.1 days, 19 days), so that increments from second
/// to year have several buckets; timestamps with microseconds (EdgeLake prints them as the device sent them), values with
/// three decimals, a monitor id of 4 characters (the table policy says <c>char(4)</c>) and a boolean;</item>
/// <item><c>mon2</c>, of the same shape with a note instead of the boolean, for <c>include</c>, a row without value and a
/// row exactly one day after it (the edge of a <c>period</c> window);</item>
/// <item>then (<see cref="Late"/>) rows of <c>mon</c> whose monitor id has 5 characters: the table policy must not change.</item>
/// </list>
/// </summary>
public static class ClientData
{
    public const string Dbms = "cq";

    private static readonly string[] Monitors = ["m001", "m002", "m003", "m004"];

    /// <summary>What is loaded first: (table, operator 0 or 1, JSON list) in loading order.</summary>
    public static IReadOnlyList<(string Table, int Operator, string Rows)> First { get; } = [.. Split("mon", Mon()), .. Split("mon2", Mon2())];

    /// <summary>Loaded once the first rows are counted: monitor ids longer than the table policy's char(4).</summary>
    public static IReadOnlyList<(string Table, int Operator, string Rows)> Late { get; } =
    [
        .. Split("mon", Enumerable.Range(0, 4).Select(i => Row(new DateTime(2028, 8, 1 + i, 6, 30, 0, DateTimeKind.Utc).AddTicks(10 * (i * 123457 + 1)),
            "m0005", Value(1000 + i * 250 + 7), ("online", i % 2 == 0 ? "true" : "false"))).ToList()),
    ];

    private static List<string> Mon()
    {
        var steps = new[] { TimeSpan.FromSeconds(1.7), TimeSpan.FromMinutes(47), TimeSpan.FromDays(3.1), TimeSpan.FromDays(19) };
        var time = new DateTime(2024, 11, 30, 23, 59, 50, DateTimeKind.Utc);
        var rows = new List<string>();
        for (var i = 0; i < 240; i++)
        {
            time += steps[i / 60];
            var stamped = new DateTime(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddTicks(10L * (i * 7919 % 999999 + 1));
            var milli = i * 37 % 101 * 731 - 20000 + 13 * (i % 7);
            if (milli % 1000 == 0) milli += 500;
            rows.Add(Row(stamped, Monitors[i * 3 % 4], Value(milli), ("online", i % 3 != 0 ? "true" : "false")));
        }
        return rows;
    }

    private static List<string> Mon2()
    {
        var start = new DateTime(2025, 2, 10, 8, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(0, 30)
            .Select(i => Row(start.AddHours(5 * i).AddTicks(10L * (i * 104729 % 999999 + 1)), Monitors[i % 4], Value(i * 1370 + 11),
                ("note", i % 5 == 2 ? "\"restart\"" : "\"ok\"")))
            .ToList();
        rows.Add($"{{\"timestamp\": \"2025-03-01T00:00:00.500001Z\", \"monitor_id\": \"m001\", \"note\": \"gap\"}}");
        // a day after the row without value, on the other operator: a period of one day ending here starts exactly at that row
        rows.Add(Row(new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc).AddTicks(5000010), "m002", Value(4321), ("note", "\"edge\"")));
        return rows;
    }

    private static string Row(DateTime time, string monitor, string value, (string Name, string Json) last) =>
        $"{{\"timestamp\": \"{time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}\", \"monitor_id\": \"{monitor}\", " +
        $"\"value\": {value}, \"{last.Name}\": {last.Json}}}";

    /// <summary>Thousandths as JSON text with at least one decimal (<c>-19.5</c>, <c>34.12</c>): both nodes infer a decimal column.</summary>
    private static string Value(int thousandths) => (thousandths / 1000m).ToString("0.0##", CultureInfo.InvariantCulture);

    private static IEnumerable<(string, int, string)> Split(string table, IReadOnlyList<string> rows) =>
        [(table, 0, "[" + string.Join(", ", rows.Where((_, i) => i % 2 == 0)) + "]"), (table, 1, "[" + string.Join(", ", rows.Where((_, i) => i % 2 == 1)) + "]")];
}
