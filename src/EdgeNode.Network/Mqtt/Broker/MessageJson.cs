using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A broker message as JSON, for the files that keep sessions and retained messages across restarts.</summary>
internal static class MessageJson
{
    public static JsonObject Write(BrokerMessage message)
    {
        var json = new JsonObject
        {
            ["topic"] = message.Topic,
            ["qos"] = message.Qos,
            ["retain"] = message.Retain,
            ["payload"] = Convert.ToBase64String(message.Payload.Span),
        };
        if (message.Publisher is { } publisher) json["publisher"] = publisher;
        if (message.PayloadFormat is { } format) json["format"] = format;
        if (message.ContentType is { } contentType) json["content_type"] = contentType;
        if (message.ResponseTopic is { } responseTopic) json["response_topic"] = responseTopic;
        if (message.CorrelationData is { } correlation) json["correlation"] = Convert.ToBase64String(correlation);
        if (message.ExpiresAt is { } expiresAt) json["expires_at"] = expiresAt;
        if (message.UserProperties is { } user)
            json["user_properties"] = new JsonArray([.. user.Select(p => (JsonNode)new JsonArray(p.Key, p.Value))]);
        return json;
    }

    /// <summary>Reads a message written by <see cref="Write"/>; throws <see cref="FormatException"/> for anything else.</summary>
    public static BrokerMessage Read(JsonNode? node)
    {
        try
        {
            var json = node!.AsObject();
            return new BrokerMessage
            {
                Topic = (string)json["topic"]!,
                Qos = (byte)(int)json["qos"]!,
                Retain = (bool?)json["retain"] ?? false,
                Payload = Convert.FromBase64String((string)json["payload"]!),
                Publisher = (string?)json["publisher"],
                PayloadFormat = (byte?)(int?)json["format"],
                ContentType = (string?)json["content_type"],
                ResponseTopic = (string?)json["response_topic"],
                CorrelationData = json["correlation"] is { } correlation ? Convert.FromBase64String((string)correlation!) : null,
                ExpiresAt = (long?)json["expires_at"],
                UserProperties = json["user_properties"]?.AsArray().Select(p => new KeyValuePair<string, string>((string)p![0]!, (string)p[1]!)).ToList(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or InvalidCastException or FormatException)
        {
            throw new FormatException($"not a saved message: {e.Message}", e);
        }
    }
}
