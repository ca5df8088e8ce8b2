using System.Net;
using System.Text;

namespace EdgeNode.TestSupport;

/// <summary>
/// A node's REST server called as AnyLog clients call it (<c>User-Agent: AnyLog/1.23</c>, the command in a header), the same
/// way for EdgeLake and EdgeNode nodes.
/// </summary>
public sealed class RestEndpoint(int port) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(90) };

    public int Port { get; } = port;

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string? command, string? body = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, "/");
        request.Headers.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        if (command is not null) request.Headers.TryAddWithoutValidation("command", command);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        try
        {
            using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        catch (HttpRequestException e) when (e.InnerException is HttpIOException)
        {
            // EdgeLake sends some error answers (a table it does not have yet) as plain text under 'Transfer-Encoding: chunked'
            return (0, $"(a malformed HTTP answer to {method} '{command}' on port {Port}: {e.InnerException.Message})");
        }
    }

    /// <summary>GET a command; the body, whatever the status (errors are answers the tests look at; status 0: malformed).</summary>
    public async Task<string> GetAsync(string command, params (string Name, string Value)[] headers) =>
        (await SendAsync(HttpMethod.Get, command, null, headers)).Body;

    public async Task<string> PostAsync(string command) => (await SendAsync(HttpMethod.Post, command)).Body;

    /// <summary>A network query as clients send it: <c>sql dbms options "statement"</c> with <c>destination: network</c>.</summary>
    public Task<string> QueryAsync(string dbms, string options, string statement) =>
        GetAsync($"sql {dbms} {options} \"{statement}\"", ("destination", "network"));

    /// <summary>Rows PUT in streaming mode (a JSON list), then the buffers flushed, as EdgeLake's black-box clients load data.</summary>
    public async Task PutRowsAsync(string dbms, string table, string jsonList)
    {
        var (status, body) = await SendAsync(HttpMethod.Put, null, jsonList,
            ("type", "json"), ("dbms", dbms), ("table", table), ("mode", "streaming"));
        Assert.True(status == HttpStatusCode.OK, $"PUT to port {Port} answered {status}: {body}");
        await PostAsync("flush buffers");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
