using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// <c>stream &lt;json&gt; where dbms = .. and table = .. [and mode = streaming|file]</c>: rows held in a command (a JSON object
/// or a list of them, usually a variable: <c>stream !node_insight where dbms = monitoring and table = node_insight</c>, as
/// the monitoring scripts store their figures) enter ingest as a REST PUT's rows do.
/// </summary>
internal static class StreamCommand
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("dbms", OptionType.Str, "the database") { Required = true },
        new OptionSpec("table", OptionType.Str, "the table") { Required = true },
        new OptionSpec("mode", OptionType.Str, "streaming (buffered, the default) or file") { Default = "streaming" },
        new OptionSpec("source", OptionType.Str, "the source field of the data file name") { Default = "0" },
        new OptionSpec("instructions", OptionType.Str, "the mapping policy id") { Default = "0" });

    public static void Register(Node node) =>
        node.AddCommand(new CommandSpec("stream", "Ingest the JSON rows of the command (an object or a list) into a table.", StreamAsync)
        {
            Usage = "stream [json object or list] where dbms = [dbms] and table = [table] [and mode = streaming|file]",
            Examples = ["stream !node_insight where dbms = monitoring and table = node_insight",
                "stream {\"device\": \"d1\", \"value\": 3.5} where dbms = test and table = readings and mode = file"],
            Where = Schema,
            Topics = ["data", "streaming"],
        });

    private static async ValueTask<CommandResult> StreamAsync(CommandContext context)
    {
        var positional = context.Positional;
        if (positional.Count != 1) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'stream [json] where dbms = .. and table = ..'");
        var options = context.BindWhere();
        var mode = options.Str("mode", "streaming").ToLowerInvariant();
        if (mode is not ("streaming" or "file")) return CommandResult.Error(ErrorCode.WrongOptionType, $"mode '{mode}': expected streaming or file");
        JsonNode? data;
        try
        {
            data = JsonNode.Parse(positional[0].Text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return CommandResult.Error(ErrorCode.JsonError, $"Stream command: the data is not JSON: {e.Message}");
        }
        var rows = data switch
        {
            JsonObject one => [one],
            JsonArray many when many.All(r => r is JsonObject) => many.Cast<JsonObject>().ToList(),
            _ => null,
        };
        if (rows is null || rows.Count == 0) return CommandResult.Error(ErrorCode.JsonError, "Stream command: expected a JSON object or a list of objects");
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(row.ToJsonString()).Append('\n');
        if (context.Node.Services.Find<IDataIngest>() is not { } ingest) return CommandResult.Error(ErrorCode.IngestNotAvailable);
        var batch = new IngestBatch(options.Required("dbms").ToLowerInvariant(), options.Required("table").ToLowerInvariant(), options.Str("source", "0"),
            options.Str("instructions", "0"), "json", Encoding.UTF8.GetBytes(text.ToString()), rows.Count);
        var result = mode == "file" ? await ingest.WriteFileAsync(batch, context.Cancellation) : await ingest.AppendStreamingAsync(batch, context.Cancellation);
        return result.IsError ? CommandResult.Error(result.Code, result.Detail) : CommandResult.Empty;
    }
}
