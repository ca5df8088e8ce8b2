using EdgeNode.Core.Storage;
using EdgeNode.Query.Responder;
using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Query;

public sealed class OperatorStatementTests
{
    private static readonly TableSchema Schema = CreateStatementSchema.Parse("readings",
        "CREATE TABLE IF NOT EXISTS readings(  row_id SERIAL PRIMARY KEY,  device VARCHAR,  timestamp TIMESTAMP,  value FLOAT,  status INT );")!;

    private static string Operator(string sql) =>
        SqlWriter.Portable.Statement(OperatorStatement.Build(SqlParser.ParseSelect(sql), Schema, [], included: false, DbmsEngine.Sqlite).Statement);

    [Fact]
    public void An_alias_named_by_order_by_group_by_or_having_becomes_its_expression()
    {
        // the items lose their aliases: EdgeLake's query node sends the user's ORDER BY as written
        Assert.Equal("select timestamp, value from readings where status = 2 order by timestamp limit 5",
            Operator("select timestamp as t, value as v from readings where status = 2 order by t limit 5"));
        Assert.Equal("select device, count(*) from readings group by device having count(*) > 22 order by count(*) desc",
            Operator("select device as d, count(*) as n from readings group by d having n > 22 order by n desc"));
    }

    [Fact]
    public void A_table_column_named_like_an_alias_keeps_the_column_in_group_by_and_the_output_in_order_by()
    {
        Assert.Equal("select status + 1, count(*) from readings group by status order by status + 1 desc",
            Operator("select status + 1 as status, count(*) from readings group by status order by status desc"));
    }
}
