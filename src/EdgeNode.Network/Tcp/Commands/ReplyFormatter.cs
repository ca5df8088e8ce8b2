using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Core.Output;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// How <c>run client</c> shows replies: one block per peer, <c>[From Node ip:port] &lt;reply&gt;</c> as EdgeLake prints
/// them, and the values assignments store: the reply itself (<c>x =</c>, one peer), a JSON list (<c>x[] =</c>) or a
/// JSON object keyed by <c>ip:port</c> (<c>x{} =</c>). A JSON reply is stored as JSON, not as a string.
/// </summary>
internal static class ReplyFormatter
{
    public static string Line(PeerReply reply) => reply.Status switch
    {
        PeerReplyStatus.Replied => From(reply.Destination, reply.Text),
        PeerReplyStatus.Failed => From(reply.Destination, "Failed: " + reply.Text),
        _ => From(reply.Destination, "Timeout: " + reply.Text),
    };

    public static string Line(IpPort destination, PeerJobMessage message) => message.Kind switch
    {
        PeerMessageKind.SendFailed => From(destination, "Failed: " + message.Text),
        PeerMessageKind.JobReply => From(destination, string.Join('\n', message.Rows)),
        _ => From(destination, message.Text),
    };

    public static string From(IpPort destination, string text) => $"[From Node {destination}] {text}";

    public static string Lines(IEnumerable<PeerReply> replies) => string.Join('\n', replies.Select(Line));

    /// <summary>The result of a request someone waits for (REST, an assignment, a peer, a script's <c>x = ...</c>).</summary>
    public static CommandResult Result(PeerRequest request, IReadOnlyList<PeerReply> replies, AssignmentKind assignment)
    {
        if (!PeerReplies.IsComplete(request, replies)) return Failure(replies, Lines(replies));
        var text = Lines(replies);
        var result = CommandResult.Ok(text);
        return assignment switch
        {
            AssignmentKind.List => result.WithValue(PyJson.Serialize(new JsonArray(replies.Where(r => r.Replied).Select(Json).ToArray()))),
            AssignmentKind.Object => result.WithValue(PyJson.Serialize(ToObject(replies))),
            AssignmentKind.Value when replies.Count == 1 => result.WithValue(replies[0].Text),
            _ => result,
        };
    }

    /// <summary>An error naming the destinations that did not answer, followed by everything that was printed.</summary>
    public static CommandResult Failure(IReadOnlyList<PeerReply> replies, string printed)
    {
        var missing = replies.Where(r => !r.Replied).ToList();
        var summary = new StringBuilder();
        summary.Append(missing.Count).Append(" of ").Append(replies.Count).Append(replies.Count == 1 ? " node" : " nodes")
            .Append(" did not reply: ")
            .AppendJoin("; ", missing.Select(r => $"{r.Destination} {(r.Status == PeerReplyStatus.Failed ? "failed" : "timed out")} ({r.Text})"));
        if (printed.Length > 0) summary.Append('\n').Append(printed);
        var code = missing.All(r => r.Status == PeerReplyStatus.TimedOut) ? ErrorCode.Timeout : ErrorCode.NetworkNotAvailable;
        return CommandResult.Error(code, summary.ToString());
    }

    private static JsonObject ToObject(IReadOnlyList<PeerReply> replies)
    {
        var json = new JsonObject();
        foreach (var reply in replies.Where(r => r.Replied)) json[reply.Destination.ToString()] = Json(reply);
        return json;
    }

    private static JsonNode? Json(PeerReply reply)
    {
        var text = reply.Text.Trim();
        if (text.Length > 1 && text[0] is '{' or '[')
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // a text that only looks like JSON is kept as text
            }
        }
        return JsonValue.Create(reply.Text);
    }
}
