using System.Net;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary><c>run rest server</c> as a process: its forms, its rows in <c>get processes</c>/<c>get connections</c>, exit and restart.</summary>
public sealed class RestServerProcessTests
{
    [Fact]
    public async Task Positional_form_listens_and_shows_in_processes_and_connections()
    {
        await using var node = new TestNode();
        var port = FreePort.Get();
        await node.OkAsync($"run rest server 127.0.0.1 {port} where bind = true and threads = 6 and timeout = 30");
        Assert.Contains($"REST           |Running     |Listening on: 127.0.0.1:{port}, Threads Pool: 6, Timeout: 30, SSL: False|",
            await node.OkAsync("get processes"), StringComparison.Ordinal);
        Assert.Contains($"REST     |127.0.0.1:{port} |127.0.0.1:{port} |127.0.0.1:{port}|", await node.OkAsync("get connections"),
            StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Where_form_separates_external_and_internal_addresses()
    {
        await using var node = new TestNode();
        var port = FreePort.Get();
        await node.OkAsync($"run rest server where external_ip = 203.0.113.9 and external_port = 443 and internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        Assert.Contains($"REST     |203.0.113.9:443 |127.0.0.1:{port} |127.0.0.1:{port}|", await node.OkAsync("get connections"),
            StringComparison.Ordinal);
        var info = await node.OkAsync("get rest server info");
        Assert.Contains("connection      | http://203.0.113.9:443 ", info, StringComparison.Ordinal);
        Assert.Contains("workers_count   | 5 ", info, StringComparison.Ordinal);
        Assert.Contains("timeout         | 20 ", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_start_is_rejected_exit_rest_stops_and_the_port_is_reused()
    {
        await using var node = new TestNode();
        var port = FreePort.Get();
        var start = $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true";
        await node.OkAsync(start);
        Assert.Equal(ErrorCode.ProcessAlreadyRunning, (await node.RunAsync(start)).Code);
        await node.OkAsync("exit rest");
        Assert.Contains("REST           |Not declared", await node.OkAsync("get processes"), StringComparison.Ordinal);
        Assert.Equal(ErrorCode.ProcessNotRunning, (await node.RunAsync("get rest calls")).Code);
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{port}/", TestContext.Current.CancellationToken));
        await node.OkAsync(start);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_port_in_use_rejects_the_command()
    {
        await using var first = new TestNode();
        await using var second = new TestNode();
        var port = FreePort.Get();
        await first.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        var result = await second.RunAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        Assert.True(result.IsError);
        Assert.Contains("REST failed to start", result.Text, StringComparison.Ordinal);
        Assert.Contains("REST           |Not declared", await second.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run rest server", ErrorCode.MissingOption)]
    [InlineData("run rest server 127.0.0.1", ErrorCode.CommandStructure)]
    [InlineData("run rest server 127.0.0.1 port", ErrorCode.WrongOptionType)]
    [InlineData("run rest server where internal_port = 70000", ErrorCode.WrongOptionType)]
    [InlineData("run rest server where internal_ip = 127.0.0.1 and bind = true and internal_port = 7849 and threads = 0", ErrorCode.WrongOptionType)]
    [InlineData("run rest server where internal_port = 7849 and internal_ip = somewhere and bind = true", ErrorCode.WrongOptionType)]
    [InlineData("run rest server where internal_ip = 127.0.0.1 and bind = true and internal_port = 7849 and client_cert = always", ErrorCode.WrongOptionType)]
    [InlineData("run rest server where internal_ip = 127.0.0.1 and bind = true and internal_port = 7849 and workers = 3", ErrorCode.WrongOption)]
    public async Task Bad_options_are_rejected_with_their_code(string command, ErrorCode code)
    {
        await using var node = new TestNode();
        var result = await node.RunAsync(command);
        Assert.Equal(code, result.Code);
        Assert.Contains("REST           |Not declared", await node.OkAsync("get processes"), StringComparison.Ordinal);
    }
}
