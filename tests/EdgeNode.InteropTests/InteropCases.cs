namespace EdgeNode.InteropTests;

/// <summary>The queries of the mixed-network issue: each from both query nodes, in JSON and as a table.</summary>
public static class InteropCases
{
    private static string Bucketed(string keys, string where = "") =>
        $"select count(*), min(value), max(timestamp) from readings {where} group by {keys} order by {keys}";

    private static string PeriodEnd(string date, string filter = "") => $"(select max(timestamp) from readings where timestamp <= '{date}'{filter})";

    public static readonly IReadOnlyList<InteropCase> All =
    [
        new("count", "select count(*) from readings"),
        new("select star ordered", "select * from readings order by timestamp",
            "select timestamp, device, value, status from readings order by timestamp") { Columns = ["timestamp", "device", "value", "status"] },
        new("min max avg sum", "select min(value), max(value), avg(value), sum(value), min(timestamp), max(timestamp) from readings"),
        new("group by", "select device, count(*), min(value), max(value), avg(value), sum(status) from readings group by device order by device"),
        new("count distinct", "select count(distinct device) from readings"),
        // EdgeLake's buckets: the time truncated to the next unit, and the unit's number within it divided by n
        new("increments minute", "select increments(minute, 10, timestamp), count(*), min(value), max(timestamp) from readings",
            Bucketed("strftime('%Y-%m-%d %H', timestamp), cast(strftime('%M', timestamp) as integer) / 10")),
        new("increments hour", "select increments(hour, 3, timestamp), count(*), min(value), max(timestamp) from readings where status < 2",
            Bucketed("strftime('%Y-%m-%d', timestamp), cast(strftime('%H', timestamp) as integer) / 3", "where status < 2")),
        new("increments day", "select increments(day, 2, timestamp), count(*), min(value), max(timestamp) from readings",
            Bucketed("strftime('%Y-%m', timestamp), cast(strftime('%d', timestamp) as integer) / 2")),
        new("period", "select count(*), avg(value) from readings where period(day, 2, '2026-01-20 00:00:00', timestamp)",
            $"select count(*), avg(value) from readings where timestamp > strftime('%Y-%m-%d %H:%M:%S.000000', {PeriodEnd("2026-01-20 00:00:00")}, '-2 days') " +
            $"and timestamp <= {PeriodEnd("2026-01-20 00:00:00")}"),
        new("period with filter", "select count(*), max(value) from readings where period(day, 6, '2026-01-25 00:00:00', timestamp, and device = 'fan')",
            $"select count(*), max(value) from readings where timestamp > strftime('%Y-%m-%d %H:%M:%S.000000', " +
            $"{PeriodEnd("2026-01-25 00:00:00", " and device = 'fan'")}, '-6 days') and timestamp <= {PeriodEnd("2026-01-25 00:00:00", " and device = 'fan'")} " +
            "and device = 'fan'"),
        new("include", "select count(*), sum(value), min(timestamp) from readings",
            "select count(*), sum(value), min(timestamp) from (select * from readings union all select * from readings2)") { Options = "and include = (readings2)" },
        new("include and extend", "select count(*), max(value) from readings",
            "select 'readings' as table_name, count(*), max(value) from readings union all select 'readings2', count(*), max(value) from readings2")
            { Options = "and include = (readings2) and extend = (@table_name)" },
    ];

    public static TheoryData<string, string> NamesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var @case in All)
            foreach (var format in (string[])["json", "table"])
                data.Add(@case.Name, format);
        return data;
    }

    public static InteropCase Named(string name) => All.First(c => c.Name == name);
}
