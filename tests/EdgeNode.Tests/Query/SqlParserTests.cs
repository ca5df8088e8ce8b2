using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Query;

public sealed class SqlParserTests
{
    [Theory]
    [InlineData("select count(*) from t", "select count(*) from t")]
    [InlineData("SELECT Device_Name, MAX(value) AS m FROM T WHERE a = 1 AND (b = 2 OR c <> 'x''y') GROUP BY device_name ORDER BY m DESC LIMIT 5",
        "select device_name, max(value) as \"m\" from t where a = 1 and (b = 2 or c != 'x''y') group by device_name order by m desc limit 5")]
    [InlineData("select distinct a from t where b in (1, 2) and c between 1 and 3 and d like 'x%' and e is not null",
        "select distinct a from t where b in (1, 2) and c between 1 and 3 and d like 'x%' and e is not null")]
    [InlineData("select a - (b - c), (a - b) - c, a * (b + c), -a from t", "select a - (b - c), a - b - c, a * (b + c), -a from t")]
    [InlineData("select cast(value as int), value::varchar(10), (value::float) * 2, extract(hour from timestamp) from t",
        "select cast(value as int), cast(value as varchar(10)), cast(value as float) * 2, extract(hour from timestamp) from t")]
    [InlineData("select case when a > 1 then 'big' else 'small' end as size from t where not a = 2",
        "select case when a > 1 then 'big' else 'small' end as \"size\" from t where not a = 2")]
    [InlineData("select count(distinct device_name) from t where timestamp >= now() - 3 days and \"Odd Name\" = 1",
        "select count(distinct device_name) from t where timestamp >= now() - interval '3 day' and \"Odd Name\" = 1")]
    [InlineData("select a from t limit 10 offset 20;", "select a from t limit 10 offset 20")]
    public void Statements_read_back_as_the_same_query(string sql, string expected) =>
        Assert.Equal(expected, SqlWriter.Portable.Statement(SqlParser.ParseSelect(sql)));

    [Fact]
    public void Items_are_labelled_as_sqlite_names_result_columns()
    {
        var statement = SqlParser.ParseSelect("select count(*), max( value ), t.value, value as v, avg(value)::float(2), min(value)::float(3) as low from t");
        Assert.Equal(["count(*)", "max( value )", "value", "v", "avg(value)", "low"], statement.Items.Select(i => i.Label));
        Assert.Equal([new OutputCast("float", "2")], statement.Items[4].Casts);
        Assert.Equal("avg(value)", SqlWriter.Canonical(statement.Items[4].Expression));
    }

    [Fact]
    public void Output_casts_keep_their_raw_arguments()
    {
        var item = SqlParser.ParseSelect("select sum(value)::format(:,)::ljust(12), max(timestamp)::datetime(%Y-%m-%d %H:%M)::str from t").Items;
        Assert.Equal([new OutputCast("format", ":,"), new OutputCast("ljust", "12")], item[0].Casts);
        Assert.Equal([new OutputCast("datetime", "%Y-%m-%d %H:%M"), new OutputCast("str", null)], item[1].Casts);
        Assert.Equal("max(timestamp)", item[1].Label);
    }

    [Fact]
    public void Period_takes_a_filter_that_may_start_with_and()
    {
        var where = (FunctionExpr)SqlParser.ParseSelect("select count(*) from t where period(minute, 10, now(), timestamp, and device = 'a')").Where!;
        Assert.Equal("device = 'a'", SqlWriter.Canonical(where.Arguments[4]));
        Assert.IsType<IntervalExpr>(SqlParser.ParseExpression("interval '2 hours'"));
    }

    [Theory]
    [InlineData("select a from t join u on t.x = u.x", "joins")]
    [InlineData("select a from t, u", "joins")]
    [InlineData("select a from (select a from t)", "sub-query")]
    [InlineData("select a from t where a in (select b from u)", "sub-query")]
    [InlineData("select a from t union select b from u", "'union'")]
    [InlineData("select a from", "expected a table name")]
    [InlineData("select a t where", "expected 'from' at position 11")]
    [InlineData("select 'open from t", "unterminated")]
    [InlineData("select a from t where a = ?", "unexpected character '?'")]
    public void Unsupported_or_broken_statements_say_why(string sql, string message) =>
        Assert.Contains(message, Assert.Throws<SqlSyntaxException>(() => SqlParser.ParseSelect(sql)).Message, StringComparison.Ordinal);
}
