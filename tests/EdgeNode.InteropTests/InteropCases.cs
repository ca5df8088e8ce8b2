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
        // period(week, n): 7n days; EdgeLake's query node reads n days
        new("period week", "select count(*), max(value) from readings where period(week, 1, '2026-01-20 00:00:00', timestamp)",
            $"select count(*), max(value) from readings where timestamp > strftime('%Y-%m-%d %H:%M:%S.000000', {PeriodEnd("2026-01-20 00:00:00")}, '-7 days') " +
            $"and timestamp <= {PeriodEnd("2026-01-20 00:00:00")}")
            { EdgeLakeCannot = "its period(week, n) is n days (unify_results.period_time_frame multiplies the count's text by 7, then reads the count again)" },
        // EdgeLake's short names of US time zones (January: no daylight saving time)
        new("timezone pt", "select timestamp, value from readings where device = 'fan' order by timestamp limit 5",
            "select datetime(timestamp, '-8 hours'), value from readings where device = 'fan' order by timestamp limit 5")
            { Options = "and timezone = pt" },
        new("timezone et", "select device, min(timestamp) from readings group by device order by device",
            "select device, datetime(min(timestamp), '-5 hours') from readings group by device order by device") { Options = "and timezone = et" },
        // max_time travels to the operators with its unit
        new("max_time", "select device, count(*), max(value) from readings group by device order by device") { Options = "and max_time = 30 seconds",
            EdgeLakeCannot = "its query node sends its operators 'max_time = 30', which they reject (error 2): interpreter 'int.time' wants a number and a unit" },
        // where: and/or/not, in, between; strings, integers, decimals and timestamps compared. EdgeLake's operators parse the
        // where clause into 'left operator right' terms (utils_sql.update_and_stmt) and fail on 'in', 'between', 'not' and
        // '<>' (its query node passes them on as written); an EdgeNode query node sends them as comparisons they read.
        // 'like' they cannot read in any form: no query node answers it while an EdgeLake operator holds rows.
        new("where and or", "select count(*), sum(value), min(timestamp) from readings where (device = 'fan' or device = 'valve') and status > 0"),
        new("where or", "select count(*), max(value) from readings where status = 0 or value < 0"),
        new("where not equal", "select count(*), sum(value) from readings where status != 1 and device != 'fan'"),
        new("where not equal written <>", "select count(*), sum(value) from readings where status <> 1 and device <> 'fan'")
            { EdgeLakeCannot = "its operators parse only '!=' (utils_columns.comarison)" },
        new("where not", "select count(*), sum(status) from readings where not device = 'fan' and not (status = 1 or value < 0)")
            { EdgeLakeCannot = "its operators cannot parse 'not'" },
        new("where in", "select device, count(*), max(value) from readings where device in ('pump-a', 'fan') group by device order by device")
            { EdgeLakeCannot = "its operators cannot parse 'in'" },
        new("where not in", "select count(*), avg(value) from readings where device not in ('pump-a', 'fan')")
            { EdgeLakeCannot = "its operators cannot parse 'not in'" },
        new("where between decimals", "select count(*), min(value), max(value) from readings where value between -5.5 and 20.25")
            { EdgeLakeCannot = "its operators cannot parse 'between'" },
        new("where not between", "select count(*), min(value), max(value) from readings where status = 1 and value not between -5.5 and 20.25")
            { EdgeLakeCannot = "its operators cannot parse 'not between'" },
        new("where string less", "select count(*), min(device), max(device) from readings where device < 'pump-b'"),
        new("where integer and decimal", "select count(*), sum(status), sum(value) from readings where status >= 1 and value < 10.5"),
        new("where timestamp range", "select count(*), min(timestamp), max(timestamp) from readings where timestamp >= '2026-01-10 06:00:00' and timestamp < '2026-01-12'"),
        new("where timestamp between", "select count(*), avg(value) from readings where timestamp between '2026-01-05 12:00:00' and '2026-01-08 18:30:00'")
            { EdgeLakeCannot = "its operators cannot parse 'between'" },
        // the reference compares text: there the time is written as stored
        new("where timestamp iso", "select count(*), min(timestamp) from readings where timestamp >= '2026-01-10T06:00:00Z'",
            "select count(*), min(timestamp) from readings where timestamp >= '2026-01-10 06:00:00'"),
        new("where date", "select count(*), sum(value) from readings where date(timestamp) = '2026-01-10'")
            { EdgeLakeCannot = "its query node copies 'date(timestamp) = ...' into its consolidation query, which has no column timestamp" },
        // rows: order by (desc) with limit, limit alone, distinct, arithmetic, aliases
        new("order by desc limit", "select timestamp, device, value from readings order by value desc limit 5"),
        new("where order by timestamp desc limit", "select timestamp, value, status from readings where device = 'pump-b' order by timestamp desc limit 4"),
        new("order by two columns desc limit", "select device, timestamp, value from readings where status = 1 order by device, timestamp desc limit 8"),
        new("limit without order", "select device, value, status from readings limit 7", "select device, value, status from readings") { AnyRows = 7 },
        new("distinct", "select distinct device from readings order by device"),
        new("distinct two columns", "select distinct device, status from readings order by device, status"),
        new("distinct without order", "select distinct status from readings") { Unordered = true },
        // arithmetic on columns: EdgeLake's operators read a select item as one column or function and answer 'value * 2'
        // with value, silently (utils_sql.process_projection); an EdgeNode query node asks for the columns and computes it
        new("column arithmetic", "select timestamp, value * 2, status + 1, -value from readings where device = 'fan' order by timestamp")
            { EdgeLakeCannot = "its operators answer 'value * 2' with value (silently)" },
        new("column arithmetic ordered limit", "select timestamp, value - status as adjusted from readings order by value - status desc, timestamp limit 6")
            { EdgeLakeCannot = "its operators answer 'value - status' with value (silently)" },
        new("arithmetic group key", "select status + 1, count(*), sum(value) from readings group by status + 1 order by 1")
            { EdgeLakeCannot = "its operators group by status for 'status + 1' and answer status (silently)" },
        // (in a where clause they fail instead: 'value * 2 > 10' is no 'left operator right' term, and both query nodes
        // answer with the operator's error 46)
        new("aliases", "select timestamp as t, value as v from readings where status = 2 order by t limit 5")
            { EdgeLakeCannot = "its query node sends 'order by t' as written and its operators drop the aliases: no such column" },
        // aggregates: two keys, having, count(column), avg of integers, arithmetic, aliases, strings, functions
        new("group by two columns", "select device, status, count(*), sum(value), min(timestamp) from readings group by device, status order by device, status"),
        new("having", "select device, count(*), avg(value) from readings group by device having count(*) > 22 order by device")
            { EdgeLakeCannot = "its query node has no HAVING and answers every group (silently)" },
        new("group by alias", "select device as d, count(*) from readings group by d order by d")
            { EdgeLakeCannot = "its operators drop the alias and run 'group by d': no such column" },
        new("order by position", "select device, count(*) from readings group by device order by 2 desc, 1")
            { EdgeLakeCannot = "its consolidation query gets an empty 'order by' (unify_results.remote_name_to_local_name knows no positions)" },
        new("count column", "select count(value), count(device), count(*) from readings"),
        new("avg of integers", "select avg(status), sum(status), min(status), max(status) from readings"),
        new("avg of integers grouped", "select device, avg(status) from readings group by device order by device"),
        new("aggregate arithmetic", "select max(value) - min(value), sum(value) / count(*), round(avg(value), 2) from readings")
            { EdgeLakeCannot = "its query node rejects 'max(value) - min(value)' (Non supported SQL)" },
        new("aggregate aliases", "select device as d, count(*) as n, avg(value) as mean, max(timestamp) as last from readings group by device order by device")
            { EdgeLakeCannot = "its consolidation query gets an empty 'order by' when the key has an alias" },
        new("min max of strings", "select min(device), max(device) from readings"),
        new("order by aggregate desc", "select device, sum(value) from readings group by device order by sum(value) desc")
            { EdgeLakeCannot = "its consolidation query gets 'order by  desc'" },
        new("order by aggregate desc limit", "select device, max(value) from readings where timestamp >= '2026-01-10' group by device order by max(value) desc limit 2")
            { EdgeLakeCannot = "its consolidation query gets 'order by  desc'" },
        new("group by date", "select date(timestamp), count(*) from readings group by date(timestamp) order by date(timestamp)")
            { EdgeLakeCannot = "its consolidation query gets an empty 'order by'" },
        // extend: the operator's address, database and table on each row
        new("extend rows", "select timestamp, value from readings where status = 0 order by timestamp limit 6",
            "select 'mixdb', 'readings', timestamp, value from readings where status = 0 order by timestamp limit 6") { Options = "and extend = (@dbms_name, @table_name)" },
        new("extend ip port", "select timestamp, device from readings where device = 'valve' order by timestamp",
            $"select '127.0.0.1', {Port}, timestamp, device from readings where device = 'valve' order by timestamp") { Options = "and extend = (@ip, @port)" },
        new("extend group by", "select device, count(*), max(value) from readings group by device",
            $"select '127.0.0.1', {Port}, 'mixdb', 'readings', device, count(*), max(value) from readings group by {Port}, device")
            { Options = "and extend = (@ip, @port, @dbms_name, @table_name)", Unordered = true },
    ];

    /// <summary>The port <c>extend = (@port)</c> shows for a row of the reference: the first of a pair is on the EdgeLake operator.</summary>
    private const string Port = "case when rowid % 2 = 1 then '{edgelake_port}' else '{edgenode_port}' end";

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
