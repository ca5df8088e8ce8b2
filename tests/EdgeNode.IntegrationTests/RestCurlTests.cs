using System.Diagnostics;

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
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(15)), node.Output);
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
