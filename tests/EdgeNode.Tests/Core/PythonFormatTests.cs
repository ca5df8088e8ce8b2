using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Tests.Core;

public sealed class PythonFormatTests
{
    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("it's \"x\"", "'it\\'s \"x\"'")]
    [InlineData("caf\u00e9 \u00a0\u200b\U0001F600", "'caf\u00e9 \\xa0\\u200b\U0001F600'")]
    public void String_repr_matches_cpython(string value, string expected) =>
        Assert.Equal(expected, PythonFormat.StringRepr(value));

    [Fact]
    public void A_lone_surrogate_is_escaped_as_python_does() =>
        Assert.Equal("'a\\ud800b'", PythonFormat.StringRepr("a" + (char)0xD800 + "b"));

    [Fact]
    public void Json_dumps_prints_a_negative_zero_integer_as_zero_and_keeps_the_float()
    {
        Assert.Equal("[0, -0.0]", PyJson.Serialize(JsonNode.Parse("[-0, -0.0]")));
    }
}
