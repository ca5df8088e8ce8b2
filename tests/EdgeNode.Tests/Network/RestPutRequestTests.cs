using EdgeNode.Core.Commands;
using EdgeNode.Network.Rest;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Tests.Network;

public sealed class RestPutRequestTests
{
    private static RestPutRequest? Parse(out ErrorCode code, out string error, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary[name] = value;
        return RestPutRequest.Parse(new RestRequestFields(dictionary, null), out code, out error);
    }

    [Fact]
    public void Defaults_are_file_mode_json_source_and_instructions_zero()
    {
        var put = Parse(out _, out _, ("DBMS", "Lsl_Demo"), ("Table", "Ping_Sensor"));
        Assert.Equal(new RestPutRequest("lsl_demo", "ping_sensor", false, "json", "0", "0"), put);
    }

    [Fact]
    public void Streaming_mode_and_source_and_instructions_are_read()
    {
        var put = Parse(out _, out _, ("dbms", "d"), ("table", "t"), ("mode", "Streaming"), ("source", "dev-1"), ("instructions", "abc123"));
        Assert.Equal(new RestPutRequest("d", "t", true, "json", "dev-1", "abc123"), put);
    }

    [Theory]
    [InlineData("", "t", ErrorCode.MissingHeader)]
    [InlineData("d", "", ErrorCode.MissingHeader)]
    [InlineData("d.x", "t", ErrorCode.WrongOptionType)]
    [InlineData("d", "t/../../x", ErrorCode.WrongOptionType)]
    [InlineData("d", "t x", ErrorCode.WrongOptionType)]
    public void Names_that_cannot_be_tables_or_file_name_parts_are_rejected(string dbms, string table, ErrorCode expected)
    {
        var headers = new List<(string, string)>();
        if (dbms.Length > 0) headers.Add(("dbms", dbms));
        if (table.Length > 0) headers.Add(("table", table));
        Assert.Null(Parse(out var code, out var error, [.. headers]));
        Assert.Equal(expected, code);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Source_with_a_dot_and_unknown_mode_are_rejected()
    {
        Assert.Null(Parse(out _, out var source, ("dbms", "d"), ("table", "t"), ("source", "a.b")));
        Assert.Contains("part of a file name", source, StringComparison.Ordinal);
        Assert.Null(Parse(out _, out var mode, ("dbms", "d"), ("table", "t"), ("mode", "bulk")));
        Assert.Contains("expected 'file' or 'streaming'", mode, StringComparison.Ordinal);
    }
}
