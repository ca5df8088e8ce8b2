using System.Text.Json.Nodes;
using EdgeNode.Core.Output;

namespace EdgeNode.Cluster.Protocol;

/// <summary>
/// What a member did with <c>file deliver &lt;tsd table&gt; &lt;ids&gt;</c>, as it answers an EdgeNode consumer (JSON): the files
/// sent, those it has no archived copy of (each also announced by <c>event missing_archived_file</c>), the ids it cannot
/// send yet (still loading), and those that are no file to send (not in its TSD table, or failed to load there).
/// </summary>
internal sealed class DeliveryReport(string table)
{
    public string Table { get; } = table;
    public int Delivered { get; set; }
    public long Bytes { get; set; }
    public List<string> NotArchived { get; } = [];
    public List<long> NotReady { get; } = [];
    public List<long> Absent { get; } = [];

    /// <summary>Why sending stopped (the requester became unreachable, a file was refused); empty when every file was handled.</summary>
    public string Error { get; set; } = "";

    public string ToJson() => PyJson.Serialize(new JsonObject
    {
        ["tsd"] = Table,
        ["delivered"] = Delivered,
        ["bytes"] = Bytes,
        ["not_archived"] = new JsonArray([.. NotArchived.Select(n => (JsonNode)n)]),
        ["not_ready"] = IdRanges.Format(NotReady),
        ["absent"] = IdRanges.Format(Absent),
        ["error"] = Error,
    });

    public static DeliveryReport? TryParse(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject root || root["tsd"]?.GetValue<string>() is not { } table) return null;
            var report = new DeliveryReport(table)
            {
                Delivered = root["delivered"]?.GetValue<int>() ?? 0,
                Bytes = root["bytes"]?.GetValue<long>() ?? 0,
                Error = root["error"]?.GetValue<string>() ?? "",
            };
            if (root["not_archived"] is JsonArray names) report.NotArchived.AddRange(names.Select(n => n?.GetValue<string>() ?? "").Where(n => n.Length > 0));
            report.NotReady.AddRange(IdRanges.Parse(root["not_ready"]?.GetValue<string>() ?? "", out _) ?? []);
            report.Absent.AddRange(IdRanges.Parse(root["absent"]?.GetValue<string>() ?? "", out _) ?? []);
            return report;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
