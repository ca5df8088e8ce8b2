using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;

namespace EdgeNode.Metadata.Policies;

/// <summary>
/// Policy ids exactly as EdgeLake makes them (<c>policies.add_json_id_date</c>, SPEC §2): md5 of
/// <c>"table:" [company:v:] name:v: dbms:v:</c> for tables, <c>"cluster:" [company:v:] [name:v:] [parent:v:] [table:repr:]</c>
/// for clusters, and of the Python repr of the whole policy for every other type; computed before defaults, without
/// <c>date</c> and <c>ledger</c>, which are put back after the id.
/// </summary>
internal static class PolicyIds
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly string[] TableFields = ["company", "name", "dbms"];
    private static readonly string[] ClusterFields = ["company", "name", "parent", "table"];

    /// <summary>The id a policy gets: its own <c>id</c> when it has one, else the computed one.</summary>
    public static string IdOf(JsonObject root)
    {
        var (_, body) = root.First();
        if (body is JsonObject obj && obj["id"] is { } given) return Policy.TextOf(given) ?? "";
        return Compute(root);
    }

    /// <summary>The md5 EdgeLake computes for a policy without <c>id</c>; <c>date</c> and <c>ledger</c> do not count.</summary>
    public static string Compute(JsonObject root)
    {
        var (type, body) = root.First();
        return Compute(type, body as JsonObject ?? new JsonObject());
    }

    public static string Compute(string type, JsonObject obj)
    {
        string text;
        switch (type)
        {
            case "table":
                text = FieldString(type, obj, TableFields);
                break;
            case "cluster":
                text = FieldString(type, obj, ClusterFields);
                break;
            default:
                var builder = new StringBuilder(512);
                builder.Append('{').Append(PythonFormat.StringRepr(type)).Append(": {");
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (key is "date" or "ledger") continue;
                    if (!first) builder.Append(", ");
                    first = false;
                    builder.Append(PythonFormat.StringRepr(key)).Append(": ");
                    PyJson.WriteRepr(builder, value);
                }
                text = builder.Append("}}").ToString();
                break;
        }
        return Md5(text);
    }

    /// <summary>
    /// Adds <c>id</c> (when absent) and <c>date</c> in EdgeLake's order: the user's attributes, <c>id</c>, <c>date</c>
    /// (the user's, else now), then <c>ledger</c> when the user gave one.
    /// </summary>
    public static void AddIdAndDate(JsonObject body, string type, DateTime nowUtc)
    {
        if (body["id"] is not null)
        {
            if (body["date"] is null) body["date"] = FormatDate(nowUtc);
            return;
        }
        var date = Detach(body, "date");
        var ledger = Detach(body, "ledger");
        body["id"] = Compute(type, body);
        body["date"] = date ?? FormatDate(nowUtc);
        if (ledger is not null) body["ledger"] = ledger;
    }

    public static string FormatDate(DateTime utc) => utc.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static JsonNode? Detach(JsonObject body, string key)
    {
        if (!body.TryGetPropertyValue(key, out var value)) return null;
        body.Remove(key);
        return value;
    }

    private static string FieldString(string type, JsonObject obj, string[] fields)
    {
        var builder = new StringBuilder(type).Append(':');
        foreach (var field in fields)
        {
            if (!obj.TryGetPropertyValue(field, out var value)) continue;
            builder.Append(field).Append(':');
            // str(value): strings as they are, other values as Python prints them
            if (value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) builder.Append(v.GetValue<string>());
            else PyJson.WriteRepr(builder, value);
            builder.Append(':');
        }
        return builder.ToString();
    }

    public static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
