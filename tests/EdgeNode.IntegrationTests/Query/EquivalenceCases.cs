namespace EdgeNode.IntegrationTests.Query;

/// <summary>The query shapes every network must answer as one database does (SPEC §12, §13's black-box suites).</summary>
public static class EquivalenceCases
{
    private const string Dense = "timestamp >= '2025-03-14 09:15:00.000000' and timestamp < '2025-03-14 09:16:40.000000'";

    private static string Increments(string unit, int n, string filter) =>
        $"select increments({unit}, {n}, timestamp), count(*), min(value), max(timestamp) from readings where {filter}";

    private static string Grouped(string key, string filter) =>
        $"select count(*), min(value), max(timestamp) from readings where {filter} group by {key} order by {key}";

    private static string PeriodEnd(string date, string filter = "") =>
        $"(select max(timestamp) from readings where timestamp <= '{date}'{filter})";

    /// <summary>The start of a period window in the stored form: the window holds rows after it (EdgeLake's '&gt;').</summary>
    private static string PeriodStart(string end, string shift) => $"strftime('%Y-%m-%d %H:%M:%S.000000', {end}, '{shift}')";

    public static readonly IReadOnlyList<EquivalenceCase> All =
    [
        new("count", "select count(*) from readings") { AllFormats = true },
        new("count of columns", "select count(value), count(device_name) from readings"),
        new("count distinct", "select count(distinct device_name), count(distinct reading) from readings"),
        new("avg min max sum", "select avg(value), min(value), max(value), sum(value), sum(reading), avg(reading) from readings") { AllFormats = true },
        new("min max of timestamps", "select min(timestamp) as first, max(timestamp) as last from readings") { AllFormats = true },
        new("range", "select range(value), range(reading) from readings",
            "select max(value) - min(value) as \\\"range(value)\\\", max(reading) - min(reading) as \\\"range(reading)\\\" from readings"),
        new("group by with order", "select device_name, count(*), avg(value), max(timestamp) from readings group by device_name order by device_name")
            { AllFormats = true },
        new("group by without order", "select device_name, sum(reading) from readings group by device_name") { Ordered = false },
        new("group by alias with having",
            "select device_name, reading % 3 as r, count(*) from readings group by device_name, r having count(*) > 180 order by device_name, r"),
        new("order by count desc", "select device_name, count(*) as n from readings where value > 0 group by device_name order by n desc, device_name"),
        new("order desc with limit", "select device_name, timestamp, value from readings order by value desc, timestamp limit 10") { AllFormats = true },
        new("order with limit and offset", "select timestamp, value from readings order by timestamp limit 5 offset 3"),
        new("order by a column not selected", "select value, reading from readings where reading < 40 order by timestamp desc"),
        new("distinct ordered", "select distinct device_name from readings order by device_name"),
        new("distinct unordered", "select distinct device_name from readings") { Ordered = false },
        new("and or parentheses",
            "select count(*), sum(value) from readings where (device_name = 'dev-1' or device_name = 'dev-3') and value > 10 and not reading between 100 and 200"),
        new("in and like",
            "select device_name, count(*) from readings where device_name in ('dev-2', 'dev-4') or device_name like '%5' group by device_name order by device_name"),
        new("time range", "select count(*), avg(value) from readings where timestamp >= '2025-01-05 00:00:00.000000' and timestamp < '2025-01-10 00:00:00.000000'"),
        new("projection unordered", "select device_name, timestamp, value * 2 as twice from readings where reading < 30") { Ordered = false, AllFormats = true },
        new("select star", "select * from readings where reading >= 990") { Ordered = false },
        new("functions over aggregates", "select device_name, round(avg(value) * 2, 3) as x, max(value) - min(value) as spread from readings group by device_name order by x"),
        new("case and cast", "select case when value > 50 then 'high' else 'low' end as level, count(*), sum(cast(value as int)) from readings group by level order by level"),
        new("increments second", Increments("second", 1, Dense), Grouped("strftime('%Y-%m-%d %H:%M:%S', timestamp)", Dense)),
        new("increments 10 seconds", Increments("second", 10, Dense),
            Grouped("strftime('%Y-%m-%d %H:%M', timestamp), cast(strftime('%S', timestamp) as integer) / 10", Dense)),
        new("increments minute", Increments("minute", 1, Dense), Grouped("strftime('%Y-%m-%d %H:%M', timestamp)", Dense)) { AllFormats = true },
        new("increments 10 minutes", Increments("minute", 10, "reading > 100"),
            Grouped("strftime('%Y-%m-%d %H', timestamp), cast(strftime('%M', timestamp) as integer) / 10", "reading > 100")),
        new("increments hour", Increments("hour", 1, "value < 20"), Grouped("strftime('%Y-%m-%d %H', timestamp)", "value < 20")),
        new("increments 6 hours", Increments("hour", 6, "value < 20"),
            Grouped("strftime('%Y-%m-%d', timestamp), cast(strftime('%H', timestamp) as integer) / 6", "value < 20")),
        new("increments day", Increments("day", 1, "reading < 500"), Grouped("strftime('%Y-%m-%d', timestamp)", "reading < 500")),
        // EdgeLake's buckets: the day of the month (1-31) / n within the month; a week is 7 days; months / n within the year
        new("increments 7 days", Increments("day", 7, "reading < 500"),
            Grouped("strftime('%Y-%m', timestamp), cast(strftime('%d', timestamp) as integer) / 7", "reading < 500")),
        new("increments week", Increments("week", 1, "1 = 1"),
            Grouped("strftime('%Y-%m', timestamp), cast(strftime('%d', timestamp) as integer) / 7", "1 = 1")),
        new("increments month", Increments("month", 1, "1 = 1"), Grouped("strftime('%Y-%m', timestamp)", "1 = 1")),
        new("increments quarter", Increments("month", 3, "1 = 1"),
            Grouped("strftime('%Y', timestamp), cast(strftime('%m', timestamp) as integer) / 3", "1 = 1")),
        new("increments 5 months", Increments("month", 5, "1 = 1"),
            Grouped("strftime('%Y', timestamp), cast(strftime('%m', timestamp) as integer) / 5", "1 = 1")),
        new("increments year", Increments("year", 1, "1 = 1"), Grouped("strftime('%Y', timestamp)", "1 = 1")) { AllFormats = true },
        new("increments by device", "select device_name, increments(month, 1, timestamp), count(*), avg(value) from readings " +
                                    "where timestamp < '2023-01-01 00:00:00.000000' group by device_name order by device_name, max(timestamp)",
            "select device_name, count(*), avg(value) from readings where timestamp < '2023-01-01 00:00:00.000000' " +
            "group by device_name, strftime('%Y-%m', timestamp) order by device_name, max(timestamp)"),
        new("period", "select count(*), avg(value) from readings where period(minute, 5, '2025-03-14 09:20:00', timestamp)",
            $"select count(*), avg(value) from readings where timestamp > {PeriodStart(PeriodEnd("2025-03-14 09:20:00.000000"), "-5 minutes")} " +
            $"and timestamp <= {PeriodEnd("2025-03-14 09:20:00.000000")}"),
        // the filter selects the window's end and its rows (EdgeLake)
        new("period with filter and or",
            "select count(*), max(value) from readings where period(day, 3, '2025-01-20', timestamp, device_name = 'dev-2') and (device_name = 'dev-1' or value > 50)",
            $"select count(*), max(value) from readings where timestamp > {PeriodStart(PeriodEnd("2025-01-20 00:00:00.000000", " and device_name = 'dev-2'"), "-3 days")} " +
            $"and timestamp <= {PeriodEnd("2025-01-20 00:00:00.000000", " and device_name = 'dev-2'")} and device_name = 'dev-2' and (device_name = 'dev-1' or value > 50)"),
        new("period of now", "select count(*) from readings where period(year, 10, now(), timestamp)", "select count(*) from readings"),
        new("period without rows", "select count(*), max(value) from readings where period(hour, 1, '2000-01-01', timestamp)",
            "select count(*), max(value) from readings where 1 = 0"),
        new("include", "select count(*), sum(value), min(timestamp) from readings",
            "select count(*), sum(value), min(timestamp) from (select * from readings union all select * from readings2)")
            { NetworkOptions = "include = (readings2)" },
        new("include with table name", "select count(*), max(value) from readings",
            "select 'readings' as table_name, count(*), max(value) from readings union all select 'readings2', count(*), max(value) from readings2")
            { NetworkOptions = "include = (readings2) and extend = (@table_name)", AllFormats = true },
        new("extend with a variable", "select count(*) from readings", "select 'lab-7' as site, count(*) from readings")
            { NetworkOptions = "extend = (!site as site)" },
        new("date_trunc", "select date_trunc('month', timestamp) as month, count(*) from readings group by month order by month",
            "select strftime('%Y-%m-01 00:00:00.000000', timestamp) as month, count(*) from readings group by month order by month"),
        new("extract", "select extract(hour from timestamp) as h, count(*) from readings group by h order by h",
            "select cast(strftime('%H', timestamp) as integer) as h, count(*) from readings group by h order by h"),
        new("now arithmetic", "select count(*) from readings where timestamp < now() - 30 days and timestamp > now() - 20 years",
            "select count(*) from readings where timestamp < datetime('now', '-30 days') and timestamp > datetime('now', '-20 years')"),
        new("output casts", "select avg(value)::float(2) as a, max(value)::int, count(*)::format(:,), min(value)::str from readings",
            "select round(avg(value), 2) as a, cast(max(value) as integer) as \\\"max(value)\\\", printf('%,d', count(*)) as \\\"count(*)\\\", " +
            "cast(min(value) as text) as \\\"min(value)\\\" from readings"),
    ];

    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];

    public static EquivalenceCase Named(string name) => All.First(c => c.Name == name);
}
