using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Query;

public sealed class QueryPlannerTests
{
    private static readonly TableSchema Schema = CreateStatementSchema.Parse("readings",
        "CREATE TABLE IF NOT EXISTS readings(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  device_name VARCHAR,  " +
        "timestamp TIMESTAMP,  value FLOAT,  reading INT,  PRIMARY KEY (row_id) ); CREATE INDEX readings_timestamp_index ON readings(timestamp);")!;

    private static readonly DateTime Now = new(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc);

    private static QueryPlan Plan(string sql, string extend = "")
    {
        var statement = StatementPreparer.Prepare(SqlParser.ParseSelect(sql), Schema, Now);
        return QueryPlanner.Plan(statement, Schema, extend.Length == 0 ? [] : ExtendColumn.ParseList(extend, v => v == "site" ? "lab" : null));
    }

    private static string Remote(QueryPlan plan) => SqlWriter.Portable.Statement(plan.Remote);

    private static string Local(QueryPlan plan) => new SqlWriter(null).Statement(plan.Local!, "q");

    [Fact]
    public void A_table_policy_create_gives_the_columns_and_types()
    {
        Assert.Equal(["row_id", "insert_timestamp", "device_name", "timestamp", "value", "reading"], Schema.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Integer, ColumnType.Timestamp, ColumnType.Varchar, ColumnType.Timestamp, ColumnType.Float, ColumnType.Integer],
            Schema.Columns.Select(c => c.Type));
        Assert.True(Schema.Columns[0].Generated);
    }

    [Fact]
    public void Operators_get_in_between_and_not_as_comparisons_which_edgelake_operators_parse()
    {
        Assert.Equal("select count(*) from readings where (device_name = 'a' or device_name = 'b') and reading != 1",
            Remote(Plan("select count(*) from readings where device_name in ('a', 'b') and reading <> 1")));
        Assert.Equal("select count(*) from readings where device_name != 'a' and device_name != 'b' and (value < -1.5 or value > 2)",
            Remote(Plan("select count(*) from readings where device_name not in ('a', 'b') and value not between -1.5 and 2")));
        Assert.Equal("select value from readings where value >= 1 and value <= 2 and (reading != 1 or device_name is null)",
            Remote(Plan("select value from readings where value between 1 and 2 and not (reading = 1 and device_name is not null)")));
        Assert.Equal("select count(*) from readings where not device_name like 'p%' and (reading < 1 or reading > 2)",
            Remote(Plan("select count(*) from readings where not device_name like 'p%' and not reading between 1 and 2")));
    }

    [Fact]
    public void Count_sums_and_avg_divides_the_partial_sums()
    {
        var plan = Plan("select count(*), avg(value) as a, count(value), sum(reading), min(timestamp), max(value) - min(value) from readings");
        Assert.Equal("select count(*), sum(value), count(value), sum(reading), min(timestamp), max(value), min(value) from readings", Remote(plan));
        Assert.Equal("select coalesce(sum(\"_c0\"), 0) as \"count(*)\", cast(sum(\"_c1\") as float) / nullif(sum(\"_c2\"), 0) as \"a\", " +
                     "coalesce(sum(\"_c2\"), 0) as \"count(value)\", sum(\"_c3\") as \"sum(reading)\", min(\"_c4\") as \"min(timestamp)\", " +
                     "max(\"_c5\") - min(\"_c6\") as \"max(value) - min(value)\" from q", Local(plan));
        Assert.Equal([ColumnType.BigInt, ColumnType.Float, ColumnType.BigInt, ColumnType.BigInt, ColumnType.Timestamp, ColumnType.Float],
            plan.Output.Select(c => c.Type));
    }

    [Fact]
    public void Distinct_aggregates_make_operators_group_by_the_value()
    {
        var plan = Plan("select device_name, count(distinct reading), avg(value) from readings group by device_name order by 2 desc");
        Assert.Equal("select device_name, reading, sum(value), count(value) from readings group by device_name, reading", Remote(plan));
        Assert.Equal("select \"_c0\" as \"device_name\", count(distinct \"_c1\") as \"count(distinct reading)\", " +
                     "cast(sum(\"_c2\") as float) / nullif(sum(\"_c3\"), 0) as \"avg(value)\" from q group by \"_c0\" order by 2 desc", Local(plan));
    }

    [Fact]
    public void Range_is_the_spread_of_partial_minimums_and_maximums()
    {
        var plan = Plan("select range(value) from readings");
        Assert.Equal("select min(value), max(value) from readings", Remote(plan));
        Assert.Equal("select max(\"_c1\") - min(\"_c0\") as \"range(value)\" from q", Local(plan));
    }

    [Fact]
    public void Increments_travel_as_written_and_the_query_node_groups_by_the_two_keys_operators_send_first()
    {
        var plan = Plan("select max(value), increments(minute, 10, timestamp) from readings where timestamp >= '2026-11-27'");
        Assert.Equal("select increments(minute, 10, timestamp), max(value) from readings where timestamp >= '2026-11-27T00:00:00Z'", Remote(plan));
        Assert.Equal(["_i0", "_i1", "_c1"], plan.RemoteColumns.Select(c => c.Name));
        Assert.Equal([ColumnType.Timestamp, ColumnType.BigInt, ColumnType.Float], plan.RemoteColumns.Select(c => c.Type));
        Assert.Equal("select max(\"_c1\") as \"max(value)\" from q group by \"_i0\", \"_i1\" order by \"_i0\", \"_i1\"", Local(plan));
        Assert.Equal(["max(value)"], plan.Output.Select(o => o.Label));
        // years have one key
        Assert.Equal(["_i0", "_c1"], Plan("select increments(year, 1, timestamp), count(*) from readings").RemoteColumns.Select(c => c.Name));
    }

    [Fact]
    public void A_projection_passes_rows_through_with_the_limit_applied_on_both_sides()
    {
        var plan = Plan("select timestamp, abs(value) as magnitude from readings where value > 1 limit 5 offset 2");
        Assert.True(plan.PassThrough);
        Assert.Equal("select timestamp, abs(value) from readings where value > 1 limit 7", Remote(plan));
        Assert.Equal((2L, 5L), (plan.Offset, plan.Limit));
    }

    /// <summary>EdgeLake's operators answer <c>value * 2</c> with <c>value</c>, silently: the query node computes arithmetic itself.</summary>
    [Fact]
    public void Arithmetic_on_columns_is_computed_by_the_query_node_from_the_columns_operators_return()
    {
        var plan = Plan("select timestamp, value * 2 as double_value, -reading, case when reading > 1 then 'high' else device_name end from readings limit 5");
        Assert.Equal("select timestamp, value, reading, device_name from readings limit 5", Remote(plan));
        Assert.Equal("select \"_c0\" as \"timestamp\", \"_c1\" * 2 as \"double_value\", -\"_c2\" as \"-reading\", " +
                     "case when \"_c2\" > 1 then 'high' else \"_c3\" end as \"case when reading > 1 then 'high' else device_name end\" from q limit 5",
            Local(plan));

        // sorted or de-duplicated by computed values: the operators cannot cut at the limit
        plan = Plan("select device_name, value + reading as total from readings order by total desc limit 3");
        Assert.Equal("select device_name, value, reading from readings", Remote(plan));
        Assert.Equal("select \"_c0\" as \"device_name\", \"_c1\" + \"_c2\" as \"total\" from q order by \"_c1\" + \"_c2\" desc limit 3", Local(plan));
        Assert.Equal("select distinct value, reading from readings", Remote(Plan("select distinct value % 2, reading from readings limit 2")));

        // a computed group key: operators group by its columns, the query node by the key
        plan = Plan("select reading + 1, count(*), avg(value) from readings group by reading + 1 order by 1");
        Assert.Equal("select reading, count(*), sum(value), count(value) from readings group by reading", Remote(plan));
        Assert.Equal("select \"_c0\" + 1 as \"reading + 1\", coalesce(sum(\"_c1\"), 0) as \"count(*)\", " +
                     "cast(sum(\"_c2\") as float) / nullif(sum(\"_c3\"), 0) as \"avg(value)\" from q group by \"_c0\" + 1 order by 1", Local(plan));
    }

    [Fact]
    public void Ordering_is_done_by_operators_and_again_by_the_query_node()
    {
        var plan = Plan("select value from readings order by timestamp desc, value limit 3");
        Assert.Equal("select value, timestamp from readings order by timestamp desc, value limit 3", Remote(plan));
        Assert.Equal("select \"_c0\" as \"value\" from q order by \"_c1\" desc, \"_c0\" limit 3", Local(plan));
    }

    [Fact]
    public void Extended_columns_come_first_and_group_the_answer()
    {
        var plan = Plan("select count(*) from readings", "(@table_name, @port, !site as place)");
        Assert.Equal(["table_name", "port", "place", "count(*)"], plan.Output.Select(o => o.Label));
        Assert.Equal(["@table_name", "@port", "lab"], plan.Extend.Select(e => e.Source));
        Assert.Equal("select \"table_name\" as \"table_name\", \"port\" as \"port\", \"place\" as \"place\", coalesce(sum(\"_c0\"), 0) as \"count(*)\" " +
                     "from q group by \"table_name\", \"port\", \"place\"", Local(plan));
        Assert.Equal(ColumnType.Varchar, plan.Output[1].Type); // text, as EdgeLake prints it: "port": "32148"
    }

    [Fact]
    public void Now_and_intervals_are_evaluated_by_the_query_node()
    {
        var plan = Plan("select count(*) from readings where timestamp > now() - 3 days and insert_timestamp <= now()");
        Assert.Equal("select count(*) from readings where timestamp > '2026-11-25T02:00:00Z' " +
                     "and insert_timestamp <= '2026-11-28T02:00:00Z'", Remote(plan));
    }

    [Fact]
    public void Period_finds_the_window_end_first_then_reads_the_window()
    {
        var statement = StatementPreparer.Prepare(SqlParser.ParseSelect(
            "select avg(value) from readings where period(hour, 2, now() - 1 day, timestamp, device_name = 'a') and reading > 3"), Schema, Now);
        var period = PeriodCall.Find(statement.Where)!;
        Assert.Equal("select max(timestamp) as \"period_end\" from readings where timestamp <= '2026-11-27T02:00:00Z' and device_name = 'a'",
            SqlWriter.Portable.Statement(period.EndStatement("readings")));
        var end = new DateTime(2026, 11, 26, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal("timestamp > '2026-11-26T21:30:00Z' and timestamp <= '2026-11-26T23:30:00Z' and device_name = 'a' and reading > 3",
            SqlWriter.Canonical(period.Window(statement.Where!, end)));
        Assert.Equal("1 = 0 and reading > 3", SqlWriter.Canonical(period.Window(statement.Where!, null)));
    }

    [Theory]
    [InlineData("select device_name, count(*) from readings", "column 'device_name' must appear in the GROUP BY clause")]
    [InlineData("select max(count(*)) from readings", "aggregates cannot be nested")]
    [InlineData("select stddev(value) from readings", "cannot be computed across operators")]
    [InlineData("select increments(fortnight, 1, timestamp), count(*) from readings", "is not a time unit")]
    [InlineData("select increments(hour, 0, timestamp), count(*) from readings", "positive whole number")]
    [InlineData("select count(*) from readings order by 3", "position 3 is not in the select list")]
    public void Queries_that_cannot_be_split_say_why(string sql, string message) =>
        Assert.Contains(message, Assert.Throws<SqlSyntaxException>(() => Plan(sql)).Message, StringComparison.Ordinal);
}
