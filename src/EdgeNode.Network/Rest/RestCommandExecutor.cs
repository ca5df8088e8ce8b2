using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Runs a command call through the node's dispatcher (the one CLI, scripts and peers use) and shapes the reply: JSON output
/// as <c>text/json</c>, tables and text as <c>text</c>, large results streamed, <c>into: html</c> as a page, errors as
/// EdgeLake's error JSON.
/// </summary>
internal sealed class RestCommandExecutor(Node node)
{
    public async Task<RestReply> ExecuteAsync(RestCommandCall call, long networkTimeoutSeconds, CancellationToken cancellation)
    {
        var printed = new BufferOutputSink();
        foreach (var line in call.Prelude)
        {
            var setup = await node.Dispatcher.ExecuteAsync(line, CommandSource.Rest, printed, null, cancellation);
            if (setup.IsError) return Error(call, setup);
        }

        var output = new StringBuilder();
        var json = false;
        foreach (var command in call.Commands)
        {
            var result = await node.Dispatcher.ExecuteAsync(call.LineFor(command, networkTimeoutSeconds), CommandSource.Rest, printed,
                null, cancellation);
            if (result.IsError) return Error(call, result);
            if (result.Binary is { } bytes && call.Commands.Count == 1 && !call.IntoHtml) return RestReply.Bytes(bytes);
            if (result.Writer is not null && call.Commands.Count == 1)
                return await StreamedAsync(call, result, cancellation);
            var text = result.Writer is null ? result.Text : await MaterializeAsync(result, cancellation);
            if (text.Length == 0) continue;
            if (output.Length > 0) output.Append('\n');
            output.Append(text);
            json = result.Format == OutputFormat.Json;
        }

        var reply = output.ToString();
        // lines a command printed while it ran (echo, scripts) come first, unless they would break a JSON reply
        if (!json && !RestReply.LooksLikeJson(reply) && printed.ToString() is { Length: > 0 } lines)
            reply = reply.Length == 0 ? lines.TrimEnd('\n') : lines + reply;
        if (call.IntoHtml) return RestReply.Html(RestHtml.Render(reply));
        return json ? RestReply.Json(reply) : RestReply.Ok(reply);
    }

    private static async Task<RestReply> StreamedAsync(RestCommandCall call, CommandResult result, CancellationToken cancellation)
    {
        if (call.IntoHtml) return RestReply.Html(RestHtml.Render(await MaterializeAsync(result, cancellation)));
        return RestReply.Streamed(result.Format == OutputFormat.Json, result.Writer!);
    }

    private static async Task<string> MaterializeAsync(CommandResult result, CancellationToken cancellation)
    {
        await using var writer = new StringWriter();
        await result.Writer!(writer, cancellation);
        return writer.ToString();
    }

    private RestReply Error(RestCommandCall call, CommandResult result) =>
        RestReply.Error(Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest, result.Code, result.Text, call.Method, node.LocalIp);
}
