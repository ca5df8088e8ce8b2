using System.Text.Json;
using EdgeNode.Core.Storage;
using EdgeNode.Query.Execution;
using EdgeNode.Query.Planning;

namespace EdgeNode.Tests.Query;

public sealed class ReplyRowReaderTests
{
    private static readonly ReplyRowReader Reader = new([new RemoteColumn("a", ColumnType.BigInt), new RemoteColumn("b", ColumnType.Varchar), new RemoteColumn("c", ColumnType.Float)]);

    private static List<object?[]> Read(string segment)
    {
        var rows = new List<object?[]>();
        Reader.Read(segment, rows);
        return rows;
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
        Assert.Equal(ColumnType.Integer, columns[1].Type);
        Assert.Equal("@table_name as t", columns[6].OperatorText);
        Assert.Contains("unknown", Assert.Throws<EdgeNode.Query.Sql.SqlSyntaxException>(() => ExtendColumn.ParseList("(@colour)", _ => null)).Message,
            StringComparison.Ordinal);
        Assert.Contains("not declared", Assert.Throws<EdgeNode.Query.Sql.SqlSyntaxException>(() => ExtendColumn.ParseList("(!missing)", _ => null)).Message,
            StringComparison.Ordinal);
    }
}
