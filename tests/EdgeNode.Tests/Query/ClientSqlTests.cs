using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Query;

/// <summary>
/// The SQL AnyLog clients send, read as EdgeLake reads it (answers pinned against EdgeLake by the client fixtures of
/// tests/fixtures/edgelake/client): its leniency and its ORDER BY of several columns.
/// </summary>
public sealed class ClientSqlTests
{
    private static string Order(string sql) =>
        string.Join(", ", SelectListOrder.Apply(SqlParser.ParseSelect(sql)).OrderBy.Select(o => SqlWriter.Canonical(o.Expression) + (o.Descending ? " desc" : "")));

    [Fact]
    public void A_second_alias_is_ignored_and_the_first_kept()
    {
        var item = SqlParser.ParseSelect("select monitor_id, min(timestamp) as min_ts as first_ts, count(*) from mon group by monitor_id").Items[1];
        Assert.Equal("min_ts", item.Alias);
        Assert.Equal("min_ts", item.Label);
    }

    [Fact]
    public void Words_after_the_group_by_list_that_are_not_a_clause_are_ignored()
    {
        var statement = SqlParser.ParseSelect("select monitor_id, min(timestamp) as min_ts from mon group by monitor_id ORDER min_ts, monitor_id DESC");
        Assert.Single(statement.GroupBy);
        Assert.Empty(statement.OrderBy);
        var limited = SqlParser.ParseSelect("select monitor_id, count(*) from mon group by monitor_id extra words order by monitor_id desc limit 2");
        Assert.Equal("monitor_id desc", Order("select monitor_id, count(*) from mon group by monitor_id extra words order by monitor_id desc limit 2"));
        Assert.Equal(2, limited.Limit);
    }

    [Fact]
    public void A_period_date_in_double_quotes_is_a_date()
    {
        var where = SqlParser.ParseSelect("select count(*) from mon where period(hour, 4, \"2024-12-01 12:00:00\", timestamp, and monitor_id = 'm003')").Where;
        var period = PeriodCall.Find(where)!;
        Assert.Equal(new DateTime(2024, 12, 1, 12, 0, 0, DateTimeKind.Utc), period.Date);
        Assert.NotNull(period.Filter);
    }

    [Theory]
    [InlineData("select monitor_id, note, count(*) from mon2 group by monitor_id, note order by note, monitor_id desc", "monitor_id, note desc")]
    [InlineData("select monitor_id, timestamp from mon order by timestamp, monitor_id desc", "monitor_id, timestamp desc")]
    [InlineData("select timestamp, monitor_id from mon order by timestamp, monitor_id desc", "timestamp, monitor_id desc")]
    [InlineData("select monitor_id, max(timestamp) as last from mon group by monitor_id order by last, monitor_id", "monitor_id, last")]
    [InlineData("select monitor_id, note from mon2 order by note desc, monitor_id", "note desc, monitor_id")] // a DESC before the last: SQL's meaning
    [InlineData("select monitor_id, note from mon2 order by 2, 1", "2, 1")] // positions: SQL's meaning
    [InlineData("select monitor_id from mon2 order by note, monitor_id desc", "note, monitor_id desc")] // a column not selected: SQL's meaning
    [InlineData("select monitor_id, note from mon2 order by note desc", "note desc")]
    public void Several_order_by_columns_sort_in_select_list_order_with_the_last_direction(string sql, string expected) =>
        Assert.Equal(expected, Order(sql));
}
