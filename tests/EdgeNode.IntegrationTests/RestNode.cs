using System.Net;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// A real node in-process with its REST server on 127.0.0.1 and a free port, and a real HTTP client that talks to it the
/// way AnyLog clients do (<c>User-Agent: AnyLog/1.23</c>, AnyLog headers).
/// </summary>
internal sealed class RestNode : IAsyncDisposable
{
    private RestNode(TestNode node, int port, HttpClient http)
    {
        Node = node;
        Port = port;
        Http = http;
    }

    public TestNode Node { get; }
    public int Port { get; }
    public HttpClient Http { get; }
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>
    /// Starts a node and its REST server; <paramref name="options"/> are extra where-clause pairs (<c>threads = 1</c>). With
    /// <paramref name="home"/>, the node runs on that home and leaves it in place (a restart on it follows).
    /// </summary>
    public static async Task<RestNode> StartAsync(string options = "", Action<TestNode>? prepare = null, string? home = null)
    {
        var node = new TestNode(home);
        prepare?.Invoke(node);
        var port = FreePort.Get();
        var extra = options.Length > 0 ? " and " + options : "";
        await node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true{extra}");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        return new RestNode(node, port, http);
    }

    public Task<HttpResponseMessage> GetAsync(string command, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, command, null, headers);

    public Task<HttpResponseMessage> PostAsync(string? command, string? body = null, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, command, body, headers);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? command, string? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, "/");
        if (command is not null) request.Headers.TryAddWithoutValidation("command", command);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Registers a command only this test's node has (a slow or blocking command, a stand-in for another module).</summary>
    public void AddCommand(string words, CommandHandler handler, HttpRule http = HttpRule.Any) =>
        Node.Node.AddCommand(new CommandSpec(words, "test command", handler) { Http = http, Examples = [words] });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Node.DisposeAsync();
    }
}

/// <summary>Reading replies as a user would look at them.</summary>
internal static class RestReplies
{
    public static Task<string> TextAsync(this HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    public static string ContentType(this HttpResponseMessage response) =>
        response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : "";

    /// <summary>Asserts an EdgeLake error reply (400 by default) with the code, and returns its JSON.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response, ErrorCode code,
        HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.TextAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("text/json", response.ContentType());
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)code, json.GetProperty("err_code").GetInt32());
        Assert.Equal(ErrorCodes.Text(code), json.GetProperty("err_text").GetString());
        return json;
    }
}
