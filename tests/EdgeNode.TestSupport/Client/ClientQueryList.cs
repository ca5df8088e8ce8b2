namespace EdgeNode.TestSupport.Client;

/// <summary>
/// The client queries of docs/query.md ("What AnyLog clients send"), on the rows of <see cref="ClientData"/>: increments
/// from second to year, with and without group by; period with AND/OR filters (and a date in double quotes); min, max,
/// avg and count with group by and output casts; EdgeLake's SQL leniency and ORDER BY; counts with include and extend;
/// empty answers and NULL; the edge of a period window; get data nodes, get columns (at the query node and the master),
/// get processes (at an operator), blockchain get ... bring.first|last. Each network query is asked in JSON and as a table.
/// Bounds of time filters fall where no row is within a second of them: EdgeLake's operators compare the text devices sent
/// (<c>2024-12-01T00:01:30.4Z</c>) with the date, which differs from comparing times in that second.
/// Averages are cast (<c>::float(3)</c>): EdgeLake adds the operators' partial sums in arrival order, so its last digits vary.
/// </summary>
public static class ClientQueryList
{
    private const string Dbms = ClientData.Dbms;

    private static IEnumerable<ClientQuery> Both(string name, string sql, string options = "") =>
    [
        new($"{name}_json", $"sql {Dbms} format = json{options} \"{sql}\""),
        new($"{name}_table", $"sql {Dbms} format = table{options} \"{sql}\""),
    ];

    public static IReadOnlyList<ClientQuery> All { get; } =
    [
        .. Both("increments_second", "select increments(second, 10, timestamp), min(timestamp), max(timestamp), count(*) from mon where timestamp < '2024-12-01 00:01:19'"),
        .. Both("increments_minute", "select increments(minute, 1, timestamp), min(value), max(value), count(*) from mon where timestamp < '2024-12-01 00:05:00'"),
        .. Both("increments_hour", "select increments(hour, 2, timestamp), min(timestamp), max(value), count(*) from mon where timestamp < '2024-12-04'"),
        .. Both("increments_day", "select increments(day, 3, timestamp), min(timestamp), max(value), count(*) from mon"),
        .. Both("increments_week", "select increments(week, 1, timestamp), min(timestamp), count(*) from mon"),
        .. Both("increments_month", "select increments(month, 1, timestamp), min(timestamp), max(timestamp), count(*) from mon"),
        .. Both("increments_year", "select increments(year, 1, timestamp), min(timestamp), max(timestamp), count(*) from mon"),
        .. Both("increments_month_group_by", "select increments(month, 6, timestamp), monitor_id, count(*), max(value) from mon group by monitor_id"),
        .. Both("increments_day_group_by", "select increments(day, 1, timestamp), monitor_id, min(value), count(*) from mon where timestamp < '2024-12-03' group by monitor_id"),
        .. Both("period_and", "select count(*), min(value), max(value) from mon where period(day, 10, '2025-06-01 00:00:00', timestamp) and monitor_id = 'm001'"),
        .. Both("period_and_or", "select count(*), min(value), max(value) from mon where period(month, 3, '2026-01-01 00:00:00', timestamp) and (monitor_id = 'm001' or monitor_id = 'm002')"),
        .. Both("period_filter", "select count(*), max(timestamp) from mon where period(day, 40, '2025-06-01 00:00:00', timestamp, and monitor_id = 'm003')"),
        // a period date in double quotes, in a statement sent without quotes around it
        new("period_quoted_date_json", $"sql {Dbms} format = json select count(*), max(timestamp) from mon where period(hour, 4, \"2024-12-01 12:00:00\", timestamp, and monitor_id = 'm003')"),
        new("period_quoted_date_table", $"sql {Dbms} format = table select count(*), max(timestamp) from mon where period(hour, 4, \"2024-12-01 12:00:00\", timestamp, and monitor_id = 'm003')"),
        // the window's start is exactly the time of a row (a day before the last one): that row is outside it
        .. Both("period_edge", "select count(*), min(timestamp), max(timestamp) from mon2 where period(day, 1, '2025-03-02 12:00:00', timestamp)"),
        .. Both("group_by", "select monitor_id, min(timestamp), max(timestamp), min(value), max(value), avg(value)::float(3), count(*) from mon group by monitor_id"),
        .. Both("group_by_casts", "select monitor_id, min(timestamp)::ljust(19) as min_ts, max(timestamp)::rjust(8) as max_ts, min(value)::int, " +
                                  "max(value)::float(1), avg(value)::float(3), count(*)::str from mon group by monitor_id order by monitor_id"),
        .. Both("two_aliases_order_without_by", "select monitor_id, min(timestamp) as min_ts as first_ts, count(*) from mon group by monitor_id ORDER min_ts, monitor_id DESC"),
        .. Both("order_by_select_list", "select monitor_id, note, count(*), max(value) from mon2 group by monitor_id, note order by note, monitor_id desc"),
        .. Both("rows_ordered", "select timestamp, monitor_id, value from mon where timestamp < '2024-12-01 00:01:19' order by timestamp"),
        .. Both("include", "select count(*), min(timestamp), max(value) from mon", " and include = (mon2)"),
        .. Both("include_extend", "select count(*), max(value) from mon", " and include = (mon2) and extend = (@table_name)"),
        .. Both("extend", "select count(*), min(value) from mon", " and extend = (@dbms_name, @table_name)"),
        .. Both("empty", "select timestamp, value from mon where monitor_id = 'none'"),
        .. Both("empty_no_stat", "select timestamp, value from mon where monitor_id = 'none'", " and stat = false"),
        new("null_aggregate_table", $"sql {Dbms} format = table \"select max(value), count(*) from mon where monitor_id = 'none'\""),
        .. Both("null_value", "select value, note from mon2 where note = 'gap'"),
        .. Both("long_monitor_id", "select monitor_id, count(*), max(value) from mon where monitor_id = 'm0005' group by monitor_id"),
        new("get_columns", $"get columns where dbms = {Dbms} and table = mon", Network: false),
        new("get_columns_json", $"get columns where dbms = {Dbms} and table = mon and format = json", Network: false),
        // the master holds no table: it answers from the table policy
        new("get_columns_master", $"get columns where dbms = {Dbms} and table = mon", Network: false, Node: ClientNode.Master),
        new("get_columns_master_json", $"get columns where dbms = {Dbms} and table = mon and format = json", Network: false, Node: ClientNode.Master),
        // the processes the standard scripts start, as clients check them (the other rows hold ports and thread counts)
        new("get_processes_standard", "get processes", Network: false, Node: ClientNode.Operator, Rows: ["Scheduler", "Blobs Archiver"]),
        new("get_data_nodes", "get data nodes", Network: false),
        new("get_data_nodes_json", "get data nodes where format = json", Network: false),
        new("blockchain_get_cluster_first", "blockchain get cluster where name = cluster-1 bring.first", Network: false),
        new("blockchain_get_cluster_last", "blockchain get cluster where name = cluster-1 bring.last", Network: false),
        new("blockchain_get_operator_last", "blockchain get operator bring.last", Network: false),
        new("blockchain_get_table_last", $"blockchain get table where dbms = {Dbms} and name = mon bring.last", Network: false),
        new("blockchain_get_none_last", "blockchain get cluster where name = none bring.last", Network: false),
    ];
}
