using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Network.Rest;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Tests.Network;

public sealed class RestCommandCallParserTests
{
    private static RestCommandCall? Parse(string method, string? body, string? query, out ErrorCode code, out string error,
        params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary[name] = value;
        var fields = new RestRequestFields(dictionary, query);
        using var content = BodyOf(body);
        return RestCommandCallParser.Parse(method, fields, content, out code, out error);
    }

    private static RestCommandCall Ok(string method, string? body, string? query, params (string Name, string Value)[] headers)
    {
        var call = Parse(method, body, query, out _, out var error, headers);
        Assert.True(call is not null, error);
        return call;
    }

    private static RestBody BodyOf(string? body)
    {
        if (body is null) return RestBody.Empty;
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return RestBody.ReadAsync(context.Request, new RestBodyBudget(1 << 20), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void The_command_header_is_the_command()
    {
        var call = Ok("GET", null, null, ("command", "get processes"), ("subset", "true"), ("timeout", "2 minutes"));
        Assert.Equal(["get processes"], call.Commands);
        Assert.True(call.Subset);
        Assert.Equal(120, call.TimeoutSeconds);
    }

    [Fact]
    public void A_get_without_command_is_get_status_a_post_without_one_is_an_error()
    {
        Assert.Equal(["get status"], Ok("GET", null, null).Commands);
        Assert.Null(Parse("POST", "", null, out var code, out _));
        Assert.Equal(ErrorCode.MissingHeader, code);
    }

    [Fact]
    public void The_url_form_separates_pairs_with_question_marks() =>
        Assert.Equal(["get status where format = json"],
            Ok("GET", null, "?User-Agent=AnyLog/1.23?command=get%20status%20where%20format%20=%20json").Commands);

    [Fact]
    public void Headers_win_over_the_url_form() =>
        Assert.Equal(["get version"], Ok("GET", null, "?command=get%20status", ("command", "get version")).Commands);

    [Fact]
    public void A_json_body_stands_for_headers_when_there_is_no_command_header()
    {
        var call = Ok("POST", """{"command": "set x = 1", "destination": "network", "subset": true, "timeout": 5}""", null);
        Assert.Equal(["set x = 1"], call.Commands);
        Assert.Equal("network", call.Destination);
        Assert.True(call.Subset);
        Assert.Equal(5, call.TimeoutSeconds);
        Assert.Empty(call.Prelude);
    }

    [Fact]
    public void Grafanas_dbms_and_sql_body_is_a_json_query() =>
        Assert.Equal(["sql lsl_demo format = json \"select count(*) from t where name = \\\"a\\\"\""],
            Ok("POST", """{"dbms": "lsl_demo", "sql": "select count(*) from t where name = \"a\""}""", null).Commands);

    [Fact]
    public void Body_lines_run_first_and_command_body_makes_the_body_the_command()
    {
        var call = Ok("POST", "a = 1\n# comment\n<b = {\"x\":\n 2}>\n", null, ("command", "print !a"));
        Assert.Equal(["a = 1", "b = {\"x\": 2}"], call.Prelude);
        Assert.Equal(["print !a"], call.Commands);

        var body = Ok("POST", "set x = 1\nget !x", null, ("command", "body"));
        Assert.Empty(body.Prelude);
        Assert.Equal(["set x = 1", "get !x"], body.Commands);
    }

    [Fact]
    public void A_get_body_is_ignored() =>
        Assert.Empty(Ok("GET", "x = 1", null, ("command", "get status")).Prelude);

    [Theory]
    [InlineData("timeout", "soon")]
    [InlineData("subset", "yes please")]
    [InlineData("into", "pdf")]
    [InlineData("assignment", "a b")]
    public void Bad_header_values_are_errors(string header, string value)
    {
        Assert.Null(Parse("GET", null, null, out var code, out var error, ("command", "get status"), (header, value)));
        Assert.Equal(ErrorCode.WrongOptionType, code);
        Assert.Contains(header, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("network", false, 20, "run client (timeout = 20) get status")]
    [InlineData("Network", true, 0, "run client (subset = true) get status")]
    [InlineData("10.0.0.1:32148,10.0.0.2:32148", false, 5, "run client (10.0.0.1:32148,10.0.0.2:32148, timeout = 5) get status")]
    [InlineData("(10.0.0.1:32148)", false, 0, "run client (10.0.0.1:32148) get status")]
    [InlineData("blockchain get operator bring.ip_port", true, 3,
        "run client (blockchain get operator bring.ip_port, subset = true, timeout = 3) get status")]
    public void A_destination_becomes_a_run_client_prefix(string destination, bool subset, long timeout, string line)
    {
        var call = new RestCommandCall { Method = "GET", Commands = ["get status"], Destination = destination, Subset = subset };
        Assert.Equal(line, call.LineFor("get status", timeout));
    }

    [Fact]
    public void An_assignment_wraps_the_line()
    {
        var call = new RestCommandCall { Method = "GET", Commands = ["get status"], Destination = "network", Assignment = "s" };
        Assert.Equal("s = run client () get status", call.LineFor("get status", 0));
    }
}
