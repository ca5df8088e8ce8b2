using System.Net;
using System.Text;

namespace EdgeNode.IntegrationTests.Monitoring;

/// <summary>
/// An operator node with a streamer, a TCP server and a REST server on 127.0.0.1, and an HTTP client: what the metrics
/// and the status page report on. Rows are PUT as AnyLog clients put them.
/// </summary>
internal sealed class MonitoredNode : IAsyncDisposable
{
    private MonitoredNode(OperatorNode node, int port, HttpClient http)
    {
        Operator = node;
        Port = port;
        Http = http;
    }

    public OperatorNode Operator { get; }
    public TestNode Node => Operator.Node;
    public int Port { get; }
    public HttpClient Http { get; }
    public string Url => $"http://127.0.0.1:{Port}/";

    public static async Task<MonitoredNode> StartAsync()
    {
        var node = await OperatorNode.StartAsync();
        await node.Node.OkAsync("run streamer");
        await node.Node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
        var port = FreePort.Get();
        await node.Node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        return new MonitoredNode(node, port, http);
    }

    public async Task PutAsync(string table, string rows)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new StringContent(rows, Encoding.UTF8, "text/plain") };
        foreach (var (name, value) in new[] { ("type", "json"), ("dbms", "test"), ("table", table), ("mode", "streaming"), ("User-Agent", "AnyLog/1.23") })
            request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public async Task<IReadOnlyList<PrometheusText.Sample>> ScrapeAsync() => await PrometheusText.ParseAsync(await GetTextAsync("/metrics"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Operator.DisposeAsync();
    }
}
