using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// What the server answers: a status, EdgeLake's content type (<c>text/json</c> for JSON, <c>text</c> for tables and text)
/// and a body, either whole (with a Content-Length) or written progressively (chunked) for large query results.
/// </summary>
internal sealed class RestReply
{
    public const string JsonType = "text/json";
    public const string TextType = "text";
    public const string HtmlType = "text/html; charset=utf-8";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private RestReply(int status, string contentType, string body)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
    }

    public int Status { get; }
    public string ContentType { get; }
    public string Body { get; }

    /// <summary>The error text counted by <c>get rest calls</c> (EdgeLake's err_text), null on success.</summary>
    public string? ErrorText { get; private init; }

    private Func<TextWriter, CancellationToken, Task>? Writer { get; init; }

    /// <summary>Headers sent with the reply (<c>WWW-Authenticate</c> of a 401).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; private init; } = [];

    public RestReply WithHeader(string name, string value) =>
        new(Status, ContentType, Body) { Writer = Writer, Content = Content, ErrorText = ErrorText, Headers = [.. Headers, (name, value)] };

    private BinaryContent? Content { get; init; }

    public static RestReply Ok(string text) => new(StatusCodes.Status200OK, LooksLikeJson(text) ? JsonType : TextType, text);

    public static RestReply Json(string json, int status = StatusCodes.Status200OK) => new(status, JsonType, json);

    public static RestReply Html(string html) => new(StatusCodes.Status200OK, HtmlType, html);

    /// <summary>A body of any type (the metrics text, the status page's JSON).</summary>
    public static RestReply Typed(string contentType, string body) => new(StatusCodes.Status200OK, contentType, body);

    public static RestReply Streamed(bool json, Func<TextWriter, CancellationToken, Task> writer) =>
        new(StatusCodes.Status200OK, json ? JsonType : TextType, "") { Writer = writer };

    /// <summary>Bytes sent as they are, with their content type and length (a blob from <c>file retrieve</c>).</summary>
    public static RestReply Bytes(BinaryContent content) => new(StatusCodes.Status200OK, content.ContentType, "") { Content = content };

    /// <summary>
    /// EdgeLake's error reply, <c>{"method": "get", "node": "10.0.0.1", "err_code": 2, "err_text": "Error Command Structure"}</c>,
    /// in the body (EdgeLake puts it in the status line and sends an empty body, a defect we do not copy) with the detail
    /// of the error as <c>local_msg</c>.
    /// </summary>
    public static RestReply Error(int status, ErrorCode code, string detail, string method, string node)
    {
        var json = new JsonObject
        {
            ["method"] = method.ToLowerInvariant(),
            ["node"] = node,
            ["err_code"] = (int)code,
            ["err_text"] = ErrorCodes.Text(code),
        };
        if (detail.Length > 0) json["local_msg"] = detail;
        return new RestReply(status, JsonType, PyJson.Serialize(json)) { ErrorText = ErrorCodes.Text(code) };
    }

    /// <summary>The error shape of PUT ingest replies: <c>{"AnyLog.error on REST server": "..."}</c> plus the code.</summary>
    public static RestReply IngestError(int status, ErrorCode code, string detail)
    {
        var message = detail.Length > 0 ? $"{ErrorCodes.Text(code)}: {detail}" : ErrorCodes.Text(code);
        var json = new JsonObject { ["AnyLog.error on REST server"] = message, ["err_code"] = (int)code };
        return new RestReply(status, JsonType, PyJson.Serialize(json)) { ErrorText = ErrorCodes.Text(code) };
    }

    /// <summary>The success reply of PUT ingest, byte for byte as EdgeLake writes it.</summary>
    public static RestReply IngestSuccess(string hash) =>
        Json($"{{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"{hash}\" }}");

    public static bool LooksLikeJson(string text)
    {
        var span = text.AsSpan().Trim();
        return span.Length >= 2 && ((span[0] == '{' && span[^1] == '}') || (span[0] == '[' && span[^1] == ']'));
    }

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellation)
    {
        response.StatusCode = Status;
        response.ContentType = ContentType;
        foreach (var (name, value) in Headers) response.Headers.Append(name, value);
        if (Content is not null)
        {
            response.ContentLength = Content.Length;
            await Content.WriteAsync(response.Body, cancellation);
            return;
        }
        if (Writer is null)
        {
            var bytes = Utf8.GetBytes(Body);
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, cancellation);
            return;
        }
        // no Content-Length: Kestrel sends the body chunked as the writer produces it
        await using var writer = new StreamWriter(response.Body, Utf8, 16 * 1024, leaveOpen: true);
        await Writer(writer, cancellation);
        await writer.FlushAsync(cancellation);
    }
}
