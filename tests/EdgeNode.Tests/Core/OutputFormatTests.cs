using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Tests.Core;

public sealed class OutputFormatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456789.0, "123456789.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0012614727020263672, "0.0012614727020263672")]
    [InlineData(2.4166666666666665, "2.4166666666666665")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    public void Float_repr_matches_python(double value, string expected) => Assert.Equal(expected, PythonFormat.FloatRepr(value));

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("tab\tnew\nline\\", "'tab\\tnew\\nline\\\\'")]
    [InlineData("caf\u00e9 \u65e5\u672c", "'caf\u00e9 \u65e5\u672c'")]
    [InlineData("\u0007bell", "'\\x07bell'")]
    [InlineData("nbsp\u00a0", "'nbsp\\xa0'")]
    public void String_repr_matches_python(string value, string expected) => Assert.Equal(expected, PythonFormat.StringRepr(value));

    [Fact]
    public void PyJson_writes_like_python_json_dumps()
    {
        var node = JsonNode.Parse("{\"a\": 1, \"b\": [1.5, 2.0, true, null], \"c\": {\"d\": \"caf\u00e9 \\\"q\\\"\"}, \"e\": 1e5, \"f\": 12345678901234567890}");
        Assert.Equal("{\"a\": 1, \"b\": [1.5, 2.0, true, null], \"c\": {\"d\": \"caf\\u00e9 \\\"q\\\"\"}, \"e\": 100000.0, \"f\": 12345678901234567890}",
            PyJson.Serialize(node));
    }

    [Fact]
    public void Table_matches_edgelake_shape()
    {
        var text = TableFormatter.Format(["Type", "External Address", "Internal Address", "Bind Address"],
        [
            ["TCP", "127.0.0.1:32148", "127.0.0.1:32148", "127.0.0.1:32148"],
            ["REST", "127.0.0.1:32149", "127.0.0.1:32149", "0.0.0.0:32149"],
            ["Messaging", "Not declared", "Not declared", "Not declared"],
        ]);
        var reference = File.ReadAllText(ReferenceOutputs.File("get_connections.txt"));
        Assert.Equal(reference, text);
    }

    [Fact]
    public void Numbers_align_right_and_long_cells_wrap()
    {
        var text = TableFormatter.Format(["Key", "Value"], [["port", "32149"], ["count", 7L], ["long", new string('x', 130)]]);
        var lines = text.Split("\r\n");
        Assert.Equal("port |                                                                                               32149|", lines[3]);
        Assert.Equal("count|                                                                                                   7|", lines[4]);
        Assert.Equal("long |" + new string('x', 100) + "|", lines[5]);
        Assert.Equal("     |" + new string('x', 30) + new string(' ', 70) + "|", lines[6]);
    }
}
