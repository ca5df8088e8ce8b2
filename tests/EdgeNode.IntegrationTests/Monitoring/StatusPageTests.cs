using System.Net;
using System.Text.Json.Nodes;

namespace EdgeNode.IntegrationTests.Monitoring;

/// <summary>
/// The status page a person opens at the node's REST address: rendered by headless Chromium (its script reads
/// <c>/status.json</c>), with a screenshot in the test output; AnyLog clients and curl at the same address still get
/// their command answers.
/// </summary>
public sealed class StatusPageTests
{
    [Fact]
    public async Task Chromium_shows_the_processes_the_tables_with_their_rows_the_ingest_rate_and_the_peers()
    {
        await using var node = await MonitoredNode.StartAsync();
        await node.PutAsync("readings", "[{\"timestamp\": \"2026-11-28T02:00:00Z\", \"value\": 1.5}, {\"timestamp\": \"2026-11-28T02:00:01Z\", \"value\": 2.5}]");
        await node.Node.OkAsync("flush buffers");
        await node.Operator.WaitForRowsAsync("readings", 2);
        var dead = $"127.0.0.1:{FreePort.Get()}";
        await node.Node.RunAsync($"run client ({dead}) get status");
        // the ingest history is sampled every 5 seconds: wait for a sample that saw the rows arrive
        await Eventually.HoldsAsync(async () => Rates(await node.GetTextAsync("/status.json"), "rest").Any(r => r > 0),
            "a REST ingest rate in /status.json", NodeProcess.EventBudget);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var dom = await HeadlessChromium.RenderAsync(node.Url, screenshot);
        TestContext.Current.AddAttachment("status-page.png", await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken), "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {screenshot}");

        Assert.Contains("data-loaded=\"true\"", dom, StringComparison.Ordinal);
        Assert.Contains("edgenode (EdgeNode ", dom, StringComparison.Ordinal);
        Assert.Contains("<td>Operator</td><td class=\"running\">Running</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>REST</td><td class=\"running\">Running</td>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>MSG Broker</td>", dom, StringComparison.Ordinal); // processes not declared are left out
        Assert.Contains("<td>test</td><td>readings</td><td class=\"num\">2</td>", dom, StringComparison.Ordinal);
        Assert.Contains($"<td>{dead}</td><td class=\"not_responding\">not_responding</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<polyline", dom, StringComparison.Ordinal);
        Assert.Matches("<b>rest</b><svg[^>]*>.*?</svg><span class=\"now\">[0-9.,]+ /s</span><span class=\"idle\">2 rows</span>", dom);
        var png = await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken);
        Assert.True(png.Length > 10_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "a PNG screenshot of the page");
    }

    [Fact]
    public async Task Browsers_get_the_page_while_anylog_clients_and_curl_get_command_answers()
    {
        await using var rest = await RestNode.StartAsync();
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        browser.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0");
        using var page = await rest.Http.SendAsync(browser, TestContext.Current.CancellationToken);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("fetch(\"/status.json\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal); // nothing loaded from elsewhere

        using var anylog = await rest.GetAsync("get status", ("Accept", "text/html"));
        Assert.Equal("edgenode@127.0.0.1 running", await anylog.TextAsync());
        using var curl = new HttpRequestMessage(HttpMethod.Get, "/");
        curl.Headers.TryAddWithoutValidation("Accept", "*/*");
        using var status = await rest.Http.SendAsync(curl, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("edgenode@127.0.0.1 running", await status.TextAsync());

        using var json = await rest.Http.GetAsync("/status.json", TestContext.Current.CancellationToken);
        var report = JsonNode.Parse(await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("Running", report["processes"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "REST")!["status"]!.GetValue<string>());
        Assert.Empty(report["tables"]!.AsArray());
    }

    private static IEnumerable<double> Rates(string status, string channel) =>
        JsonNode.Parse(status)!["ingest"]!["rates"]![channel]!.AsArray().Select(r => r!.GetValue<double>());
}
