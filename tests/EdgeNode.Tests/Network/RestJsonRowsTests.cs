using System.Text;
using EdgeNode.Network.Rest;

namespace EdgeNode.Tests.Network;

public sealed class RestJsonRowsTests
{
    private static (string Rows, int Count) Parse(string body)
    {
        using var rows = JsonRows.Parse(Encoding.UTF8.GetBytes(body), out _, out var error);
        Assert.True(rows is not null, error);
        return (Encoding.UTF8.GetString(rows.Memory.Span), rows.Count);
    }

    private static string Error(string body)
    {
        using var rows = JsonRows.Parse(Encoding.UTF8.GetBytes(body), out _, out var error);
        Assert.Null(rows);
        return error;
    }

    [Fact]
    public void One_object_is_one_row() =>
        Assert.Equal(("{\"a\": 1, \"b\": \"x\"}\n", 1), Parse("{\"a\": 1, \"b\": \"x\"}"));

    [Fact]
    public void An_array_becomes_one_row_per_line() =>
        Assert.Equal(("{\"a\":1}\n{\"a\":2}\n", 2), Parse(" [ {\"a\":1} ,\r\n {\"a\":2} ] "));

    [Fact]
    public void Newline_delimited_and_pretty_printed_objects_are_joined_per_row()
    {
        Assert.Equal(("{\"a\": 1}\n{\"a\": 2}\n", 2), Parse("{\"a\": 1}\n{\"a\": 2}\n"));
        Assert.Equal(("{  \"a\": 1,  \"b\": {    \"c\": [1, 2]  }}\n{\"a\": 2}\n", 2),
            Parse("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [1, 2]\n  }\n}\r\n{\"a\": 2}"));
    }

    [Fact]
    public void Escaped_newlines_inside_strings_are_kept() =>
        Assert.Equal(("{\"text\": \"line1\\nline2\"}\n", 1), Parse("{\"text\": \"line1\\nline2\"}"));

    [Fact]
    public void A_byte_order_mark_is_ignored() =>
        Assert.Equal(("{\"a\": 1}\n", 1), Parse("\uFEFF{\"a\": 1}"));

    [Fact]
    public void Several_arrays_and_objects_may_follow_each_other() =>
        Assert.Equal(3, Parse("[{\"a\": 1}, {\"a\": 2}]\n{\"a\": 3}").Count);

    [Theory]
    [InlineData("", "no rows")]
    [InlineData("  \n ", "no rows")]
    [InlineData("[]", "no rows")]
    [InlineData("{\"a\": 1", "invalid JSON after row 0")]
    [InlineData("{\"a\": 1}\n{\"a\": }", "invalid JSON after row 1: line 2")]
    [InlineData("[{\"a\": 1}, 7]", "row 2 of the array is not a JSON object (a number)")]
    [InlineData("[[{\"a\": 1}]]", "row 1 of the array is not a JSON object (an array)")]
    [InlineData("\"text\"", "expected JSON objects (rows) or an array of objects, found a string at byte 0")]
    [InlineData("{\"a\": 1}, {\"a\": 2}", "invalid JSON after row 1")]
    public void Malformed_bodies_name_the_problem(string body, string reason) =>
        Assert.Contains(reason, Error(body), StringComparison.Ordinal);
}
