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
    public async Task Server_info_prints_edgelakes_rows_in_edgelakes_shape()
    {
        // the reference node advertised http://127.0.0.1:32149 with 6 threads: the same settings print the same text
        await using var rest = await RestNode.StartAsync("external_ip = 127.0.0.1 and external_port = 32149 and threads = 6");
        var reference = await File.ReadAllTextAsync(ReferenceOutputs.File("get_rest_server_info.txt"), TestContext.Current.CancellationToken);
        using (var info = await rest.GetAsync("get rest server info"))
            Assert.Equal(reference, await info.TextAsync());

        var details = await rest.Node.OkAsync("get rest server info where details = true");
        Assert.Matches(@"abandoned_calls \| 0 +\|\r\nbuff_size       \| 2048 +\|\r\nca_public_key   \| None +\|\r\nclient_cert     \| None +\|", details);
        Assert.Contains("max_body_size   | 104,857,600 ", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buff_size_is_the_io_buffer_size_and_streaming_log_writes_each_data_call_to_the_event_log()
    {
        await using var rest = await RestNode.StartAsync("streaming_log = true", node => node.Node.Dictionary.Set("io_buff_size", "4096"));
        var info = await rest.Node.OkAsync("get rest server info");
        Assert.Contains("buff_size       | 4096 ", info, StringComparison.Ordinal);
        Assert.Contains("streaming_log   | True ", info, StringComparison.Ordinal);

        using (var put = await rest.SendAsync(HttpMethod.Put, null, "{\"v\": 1}", ("dbms", "test"), ("table", "logged"), ("mode", "streaming")))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var bad = await rest.SendAsync(HttpMethod.Put, null, "{\"v\": ", ("dbms", "test"), ("table", "logged"), ("mode", "streaming")))
            Assert.NotEqual(HttpStatusCode.OK, bad.StatusCode);
        (await rest.GetAsync("get status")).Dispose(); // a command call is not a data call
        var events = await rest.Node.OkAsync("get event log");
        Assert.Matches(@"REST PUT data from 127\.0\.0\.1:\d+: test\.logged mode = streaming, 8 bytes: Success", events);
        Assert.Matches(@"REST PUT data from 127\.0\.0\.1:\d+: test\.logged mode = streaming, 6 bytes: \w", events);
        Assert.DoesNotContain("get status", events, StringComparison.Ordinal);

        // off by default
        await rest.Node.OkAsync("exit rest");
        await rest.Node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {rest.Port} and bind = true");
        Assert.Contains("streaming_log   | False ", await rest.Node.OkAsync("get rest server info"), StringComparison.Ordinal);
        using (var put = await rest.SendAsync(HttpMethod.Put, null, "{\"v\": 2}", ("dbms", "test"), ("table", "unlogged"), ("mode", "streaming")))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain("test.unlogged", await rest.Node.OkAsync("get event log"), StringComparison.Ordinal);
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
