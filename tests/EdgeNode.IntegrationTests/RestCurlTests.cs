using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests;

/// <summary>The real executable driven with <c>curl</c> exactly as the AnyLog documentation shows.</summary>
public sealed class RestCurlTests
{
    [Fact]
    public async Task Curl_calls_from_the_AnyLog_docs_work_against_the_executable()
    {
        await using var node = NodeProcess.Start();
        var port = FreePort.Get();
        await node.SendAsync("set node name curl-node");
        await node.SendAsync("set external_ip = 127.0.0.1");
        await node.RunAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");

        var (status, code) = await CurlAsync("-X", "GET", $"127.0.0.1:{port}", "-H", "command: get status", "-H", "User-Agent: AnyLog/1.23");
        Assert.Equal(("curl-node@127.0.0.1 running", "200"), (status, code));

        var (set, setCode) = await CurlAsync("-X", "POST", $"127.0.0.1:{port}", "-H", "command: set curl_key = from curl",
            "-H", "User-Agent: AnyLog/1.23");
        Assert.Equal(("", "200"), (set, setCode));
        Assert.Equal("from curl", await node.RunAsync("get !curl_key"));

        // a policy in the body, as the docs publish policies: the body assigns it, the header command uses it
        var (printed, printCode) = await CurlAsync("-X", "POST", $"127.0.0.1:{port}", "-H", "command: print !new_policy",
            "-H", "User-Agent: AnyLog/1.23", "--data-raw", "<new_policy = {\"operator\": {\"name\": \"op1\", \"port\": 32148}}>");
        Assert.Equal(("{\"operator\": {\"name\": \"op1\", \"port\": 32148}}", "200"), (printed, printCode));

        // curl sends header text as UTF-8
        Assert.Equal(("héllo wörld ✓", "200"), await CurlAsync($"127.0.0.1:{port}", "-H", "command: print héllo wörld ✓"));

        // curl without a command header asks for the status
        Assert.Equal(("curl-node@127.0.0.1 running", "200"), await CurlAsync($"127.0.0.1:{port}"));

        var (wrong, wrongCode) = await CurlAsync("-X", "POST", $"127.0.0.1:{port}", "-H", "command: get status", "-H", "User-Agent: AnyLog/1.23");
        Assert.Equal("400", wrongCode);
        Assert.Contains("\"err_text\": \"Wrong HTTP method used\"", wrong, StringComparison.Ordinal);

        Assert.Contains($"Listening on: 127.0.0.1:{port}, Threads Pool: 5, Timeout: 20, SSL: False", await node.RunAsync("get processes"),
            StringComparison.Ordinal);
        await node.SendAsync("exit node");
        Assert.True(await node.WaitForExitAsync(NodeProcess.EventBudget), node.Output);
    }

    /// <summary>
    /// The data path of the AnyLog docs, all with curl against the executable set up as an operator: PUT rows in streaming
    /// and file mode, <c>flush buffers</c>, a network query that shows them, and POST <c>data</c> through a REST topic mapping.
    /// </summary>
    [Fact]
    public async Task Curl_put_flush_query_and_post_data_as_the_AnyLog_docs_show()
    {
        await using var node = NodeProcess.Start();
        var (tcp, port) = (FreePort.Get(), FreePort.Get());
        var url = $"http://127.0.0.1:{port}";
        foreach (var command in new[]
                 {
                     "set node name curl-operator", "create work directories",
                     $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {tcp} and bind = true",
                     $"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true",
                     "connect dbms almgm where type = sqlite", "create table tsd_info where dbms = almgm",
                     "connect dbms test where type = sqlite", "connect dbms system_query where type = sqlite and memory = true",
                     "new_policy = {\"cluster\": {\"company\": \"Docs Co\", \"name\": \"docs-cluster\"}}",
                     "blockchain insert where policy = !new_policy and local = true",
                     "cluster_id = blockchain get cluster bring [cluster][id]",
                     $"new_policy = {{\"operator\": {{\"name\": \"docs-operator\", \"company\": \"Docs Co\", \"ip\": \"127.0.0.1\", \"port\": {tcp}, " +
                     "\"cluster\": !cluster_id, \"main\": true}}",
                     "blockchain insert where policy = !new_policy and local = true",
                     "operator_id = blockchain get operator bring [operator][id]",
                     "run operator where policy = !operator_id and create_table = true and update_tsd_info = true",
                     "run streamer",
                 })
            await node.OkAsync(command);

        // docs: "curl -X PUT -H "type: json" -H "dbms: test" -H "table: sample_data" -H "mode: streaming" ..."
        const string rows = "[{\"device_name\": \"Catalytic Converter\", \"value\": 12.5, \"timestamp\": \"2026-11-28 02:00:00.000000\"}, " +
                            "{\"device_name\": \"Catalytic Converter\", \"value\": 13.25, \"timestamp\": \"2026-11-28 02:00:01.000000\"}]";
        Assert.Equal(("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }", "200"), await CurlAsync("-X", "PUT",
            "-H", "type: json", "-H", "dbms: test", "-H", "table: sample_data", "-H", "mode: streaming", "-H", "Content-Type: text/plain",
            "-H", "User-Agent: AnyLog/1.23", "-d", rows, url));
        var (file, fileCode) = await CurlAsync("-X", "PUT", "-H", "type: json", "-H", "dbms: test", "-H", "table: sample_data",
            "-H", "Content-Type: text/plain", "-H", "User-Agent: AnyLog/1.23",
            "-d", "{\"device_name\": \"Heat Exchanger\", \"value\": 7.0, \"timestamp\": \"2026-11-28 02:00:02.000000\"}", url);
        Assert.Equal("200", fileCode);
        Assert.Matches("""^\{"AnyLog.status":"Success", "AnyLog.hash": "[0-9a-f]{32}" \}$""", file);
        Assert.Equal(("", "200"), await CurlAsync("-X", "POST", "-H", "command: flush buffers", "-H", "User-Agent: AnyLog/1.23", url));

        // docs: "curl -X GET 127.0.0.1:32049 -H 'command: sql test format = json and stat = false "select ..."' -H "destination: network""
        const string query = "command: sql test format = json and stat = false \"select device_name, value, timestamp from sample_data order by timestamp\"";
        await WaitForAsync(() => CurlAsync("-X", "GET", $"127.0.0.1:{port}", "-H", query, "-H", "User-Agent: AnyLog/1.23", "-H", "destination: network"),
            "{\"Query\": [{\"device_name\": \"Catalytic Converter\", \"value\": 12.5, \"timestamp\": \"2026-11-28 02:00:00.000000\"}," +
            "{\"device_name\": \"Catalytic Converter\", \"value\": 13.25, \"timestamp\": \"2026-11-28 02:00:01.000000\"}," +
            "{\"device_name\": \"Heat Exchanger\", \"value\": 7.0, \"timestamp\": \"2026-11-28 02:00:02.000000\"}]}");

        // docs: "run msg client where broker = rest and user-agent = anylog and topic = (...)" then "curl -X POST -H "command: data" -H "topic: ...""
        Assert.Equal(("", "200"), await CurlAsync("-X", "POST", url, "-H", "User-Agent: AnyLog/1.23", "-H",
            "command: run msg client where broker = rest and user-agent = anylog and log = false and topic = (name = docs-topic and " +
            "dbms = test and table = \"bring [dbms_table]\" and column.timestamp.timestamp = now and column.device.str = \"bring [device]\" and " +
            "column.reading.float = \"bring [reading]\")"));
        Assert.Equal(("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }", "200"), await CurlAsync("-X", "POST", url,
            "-H", "command: data", "-H", "topic: docs-topic", "-H", "User-Agent: AnyLog/1.23", "-H", "Content-Type: text/plain",
            "-d", "[{\"dbms_table\": \"posted\", \"device\": \"pump-1\", \"reading\": 3.5}, {\"dbms_table\": \"posted\", \"device\": \"pump-2\", \"reading\": 4}]"));
        Assert.Equal(("", "200"), await CurlAsync("-X", "POST", "-H", "command: flush buffers", "-H", "User-Agent: AnyLog/1.23", url));
        await WaitForAsync(() => CurlAsync("-X", "GET", $"127.0.0.1:{port}", "-H", "User-Agent: AnyLog/1.23", "-H", "destination: network",
                "-H", "command: sql test format = json and stat = false \"select device, reading from posted order by device\""),
            "{\"Query\": [{\"device\": \"pump-1\", \"reading\": 3.5},{\"device\": \"pump-2\", \"reading\": 4.0}]}");
    }

    /// <summary>
    /// Repeats a curl call until it answers 200 with the JSON <paramref name="expected"/> (the operator loads in the
    /// background); compared as JSON, as a client reads it (the query layer decides the spacing).
    /// </summary>
    private static async Task WaitForAsync(Func<Task<(string Body, string Code)>> call, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = await call();
        while (!(last.Code == "200" && SameJson(expected, last.Body)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            last = await call();
        }
        Assert.True(last.Code == "200" && SameJson(expected, last.Body), $"expected {expected}, the node answered {last.Code}: {last.Body}");
    }

    private static bool SameJson(string expected, string actual)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly string[] CurlOptions = ["-s", "--max-time", "20", "-w", "\n%{http_code}"];

    /// <summary>Runs curl; returns the body and the HTTP status code it printed.</summary>
    private static async Task<(string Body, string Code)> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in CurlOptions.Concat(arguments)) info.ArgumentList.Add(argument);
        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await curl.WaitForExitAsync(TestContext.Current.CancellationToken);
        var split = output.LastIndexOf('\n');
        return (output[..split], output[(split + 1)..]);
    }
}
