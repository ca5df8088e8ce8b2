using System.Text.Json;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Execution;
using EdgeNode.Query.Planning;

namespace EdgeNode.Tests.Query;

public sealed class ReplyRowReaderTests
{
    private static readonly ReplyRowReader Reader = new(Plan([new RemoteColumn("a", ColumnType.BigInt), new RemoteColumn("b", ColumnType.Varchar),
        new RemoteColumn("c", ColumnType.Float)]));

    private static QueryPlan Plan(IReadOnlyList<RemoteColumn> columns, IReadOnlyList<ExtendColumn>? extend = null) => new()
    {
        Remote = EdgeNode.Query.Sql.SqlParser.ParseSelect("select a from t"),
        RemoteColumns = columns,
        Extend = extend ?? [],
        Output = [],
    };

    private static List<object?[]> Read(string segment, ReplyRowReader? reader = null)
    {
        var rows = new List<object?[]>();
        (reader ?? Reader).Read(segment, rows);
        return rows;
    }

    [Fact]
    public void EdgeLake_rows_are_read_by_position_with_text_values_typed_by_column()
    {
        var reader = new ReplyRowReader(Plan([new RemoteColumn("n", ColumnType.BigInt), new RemoteColumn("t", ColumnType.Timestamp),
            new RemoteColumn("v", ColumnType.Float), new RemoteColumn("s", ColumnType.Varchar), new RemoteColumn("u", ColumnType.Unknown)]));
        Assert.Equal([[4L, "2026-01-15 08:30:00.000000", 2.5, "pump", 7L]],
            Read("{\"Query\":[{\"0\":\"4\",\"1\":\"2026-01-15T08:30:00Z\",\"2\":\"2.5\",\"3\":\"pump\",\"4\":\"7\"}]}", reader));
        // NULL travels as "", an EdgeLake increments key and an offset time are read as the instants they are
        Assert.Equal([[null, "2026-01-15 08:00:00.000000", 1e-05, null, null]],
            Read("{\"Query\":[{\"0\":\"\",\"1\":\"2026-01-15 08:00:0.0\",\"2\":\"1e-05\"}]}", reader));
        Assert.Equal("2026-01-15 06:30:00.250000", Read("{\"Query\":[{\"1\":\"2026-01-15T08:30:00.25+02:00\"}]}", reader)[0][1]);
    }

    [Fact]
    public void Positions_skip_the_extend_constants_the_query_node_fills_itself()
    {
        var extend = ExtendColumn.ParseList("(@ip, !site as place, @port)", v => v == "site" ? "lab-7" : null);
        var reader = new ReplyRowReader(Plan([new RemoteColumn("ip", ColumnType.Varchar), new RemoteColumn("place", ColumnType.Varchar),
            new RemoteColumn("port", ColumnType.Varchar), new RemoteColumn("_c0", ColumnType.BigInt)], extend));
        Assert.Equal([["127.0.0.1", null, "32148", 8L]], Read("{\"Query\":[{\"0\":\"127.0.0.1\",\"1\":\"32148\",\"2\":\"8\"}]}", reader));
    }

    [Fact]
    public void Rows_are_read_by_column_name_in_any_order_and_spacing()
    {
        Assert.Equal([[3L, "x", 1.5]], Read("{\"Query\":[{\"a\":3,\"b\":\"x\",\"c\":1.5}]}"));
        Assert.Equal([[3L, "x", 2.0], [-4L, null, 1e-05]], Read("{\"Query\": [{\"c\": 2.0, \"a\": 3, \"b\": \"x\"}, {\"b\": null, \"a\": -4, \"c\": 1e-05}]}"));
        Assert.Equal([[1L, "{\"k\": [1, 2]}", null]], Read("{\"Query\":[{\"a\":1,\"unknown\":true,\"b\":{\"k\": [1, 2]}}]}"));
        Assert.Equal([[null, "true", null]], Read("{\"Query\":[{\"b\":\"true\"}]}"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Query\":[{\"a\":1}")]
    [InlineData("{\"Query\":[1, 2]}")]
    public void Malformed_segments_are_refused(string segment) => Assert.ThrowsAny<JsonException>(() => Read(segment));

    [Fact]
    public void Extend_items_name_their_columns()
    {
        var columns = ExtendColumn.ParseList("(@ip, @port, @dbms, +node_name, !site as place, lab as room, @table_name.str as t)", v => v == "site" ? "lab-7" : null);
        Assert.Equal(["ip", "port", "dbms_name", "node_name", "place", "room", "t"], columns.Select(c => c.Name));
        Assert.Equal(["@ip", "@port", "@dbms_name", "+node_name", "lab-7", "lab", "@table_name"], columns.Select(c => c.Source));
        Assert.Equal([true, true, true, true, false, false, true], columns.Select(c => c.FromOperator));
        Assert.Equal(ColumnType.Varchar, columns[1].Type);
        Assert.Equal(ColumnType.Integer, ExtendColumn.ParseList("(@port.int)", _ => null)[0].Type);
        Assert.Equal("@table_name as t", columns[6].OperatorText);
        Assert.Contains("unknown", Assert.Throws<EdgeNode.Query.Sql.SqlSyntaxException>(() => ExtendColumn.ParseList("(@colour)", _ => null)).Message,
            StringComparison.Ordinal);
        Assert.Contains("not declared", Assert.Throws<EdgeNode.Query.Sql.SqlSyntaxException>(() => ExtendColumn.ParseList("(!missing)", _ => null)).Message,
            StringComparison.Ordinal);
    }
}
