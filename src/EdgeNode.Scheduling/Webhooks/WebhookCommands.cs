using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Scheduling.Webhooks;

/// <summary>
/// Webhooks: <c>rest get|post|put|delete where url = .. [and body = ..] [and headers = {json}] [and user = .. and password = ..]</c>.
/// The reply's body is the command's output (assignable: <c>x = rest get where url = ..</c>); a status of 400 and up, a refused
/// connection or a timeout is an error with the reason. Requests are bounded in time and in the size of the reply read.
/// </summary>
internal static class WebhookCommands
{
    public const int MaxReplyBytes = 1 << 20;

    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call has its own deadline
    };

    private static readonly OptionSchema Schema = new(
        new OptionSpec("url", OptionType.Str, "http:// or https:// address") { Required = true },
        new OptionSpec("body", OptionType.Str, "the request body (post, put)"),
        new OptionSpec("headers", OptionType.Str, "a JSON object of headers, e.g. {\"Content-Type\": \"application/json\"}"),
        new OptionSpec("user", OptionType.Str, "basic authentication user"),
        new OptionSpec("password", OptionType.Str, "basic authentication password"),
        new OptionSpec("timeout", OptionType.Time, "how long to wait for the reply") { Default = "20 seconds" });

    public static void Register(Node node)
    {
        foreach (var method in new[] { "get", "post", "put", "delete" })
        {
            node.AddCommand(new CommandSpec($"rest {method}", $"Send an HTTP {method.ToUpperInvariant()} request (a webhook) and print the reply.",
                context => Send(context, new HttpMethod(method.ToUpperInvariant())))
            {
                Usage = $"rest {method} where url = [url]" + (method is "post" or "put" ? " and body = [text]" : "") +
                        " [and headers = [json]] [and user = [user] and password = [password]] [and timeout = [N unit]]",
                Examples = method switch
                {
                    "post" => ["rest post where url = http://127.0.0.1:8080/alert and body = \"{\\\"value\\\": 12}\" and headers = {\"Content-Type\": \"application/json\"}"],
                    "put" => ["rest put where url = http://127.0.0.1:8080/state and body = on"],
                    "delete" => ["rest delete where url = http://127.0.0.1:8080/state"],
                    _ => ["rest get where url = http://127.0.0.1:8080/health", "status = rest get where url = http://127.0.0.1:8080/health and timeout = 5 seconds"],
                },
                Where = Schema,
                Topics = ["alerts", "rest"],
            });
        }
    }

    private static async ValueTask<CommandResult> Send(CommandContext context, HttpMethod method)
    {
        var options = context.BindWhere();
        var url = options.Required("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"url '{url}' is not an http:// or https:// address");
        using var request = new HttpRequestMessage(method, uri);
        if (options.Str("body") is { } body) request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        if (options.Str("user") is { } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Str("password") ?? ""}")));
        if (options.Str("headers") is { } headers && AddHeaders(request, headers) is { } error)
            return CommandResult.Error(ErrorCode.JsonError, error);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Int("timeout")));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var text = await ReadBoundedAsync(response, deadline.Token);
            return (int)response.StatusCode >= 400
                ? CommandResult.Error(ErrorCode.PeerError, $"{method} {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {text}")
                : CommandResult.Ok(text);
        }
        catch (OperationCanceledException) when (!context.Cancellation.IsCancellationRequested)
        {
            return CommandResult.Error(ErrorCode.Timeout, $"{method} {url}: no reply within {timeout.TotalSeconds:0} seconds");
        }
        catch (HttpRequestException e)
        {
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, $"{method} {url} failed: {e.Message}");
        }
    }

    /// <summary>Headers from a JSON object; a Content-Type goes to the body. Returns an error text, or null.</summary>
    private static string? AddHeaders(HttpRequestMessage request, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return $"headers must be a JSON object: {json}";
            foreach (var header in document.RootElement.EnumerateObject())
            {
                var value = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    if (request.Content is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                }
                else if (!request.Headers.TryAddWithoutValidation(header.Name, value))
                {
                    return $"header '{header.Name}' cannot be set";
                }
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return $"headers '{json}' are not a JSON object of names and values: {e.Message}";
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReplyBytes);
        try
        {
            var length = 0;
            int read;
            while (length < MaxReplyBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxReplyBytes - length), cancellation)) > 0)
                length += read;
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
