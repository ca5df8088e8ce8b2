using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core.IO;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// <c>&lt;data dir&gt;/broker/sessions.json</c>: the persistent sessions (MQTT 3 clean session = false, MQTT 5 session
/// expiry &gt; 0), one JSON object a line: client id, protocol, expiry and when the client left, subscriptions with their
/// options, the messages in flight with their packet ids and whether their PUBREC came, the queued messages, and the
/// QoS 2 packet ids received that await their PUBREL. Written whole and renamed into place (a crash leaves the old or
/// the new file). A line that cannot be read is logged and skipped: the other sessions load.
/// </summary>
internal static class SessionFile
{
    public static void Save(string path, IEnumerable<SessionSnapshot> sessions)
    {
        var text = new StringBuilder();
        foreach (var s in sessions)
        {
            var json = new JsonObject
            {
                ["client"] = s.ClientId,
                ["version"] = s.Version,
                ["user"] = s.UserName,
                ["expiry"] = s.ExpiryInterval,
                ["disconnected_at"] = s.DisconnectedAt,
                ["last_packet_id"] = s.LastPacketId,
                ["subscriptions"] = new JsonArray([.. s.Subscriptions.Select(p => (JsonNode)new JsonObject
                {
                    ["filter"] = p.Key,
                    ["qos"] = p.Value.MaxQos,
                    ["no_local"] = p.Value.NoLocal,
                    ["retain_as_published"] = p.Value.RetainAsPublished,
                    ["retain_handling"] = p.Value.RetainHandling,
                    ["id"] = p.Value.SubscriptionId,
                })]),
                ["in_flight"] = new JsonArray([.. s.InFlight.Select(m =>
                {
                    var entry = Delivery(m.Delivery);
                    entry["packet_id"] = m.PacketId;
                    entry["released"] = m.Released;
                    return (JsonNode)entry;
                })]),
                ["queued"] = new JsonArray([.. s.Queued.Select(d => (JsonNode)Delivery(d))]),
                ["awaiting_release"] = new JsonArray([.. s.AwaitingRelease.Select(id => (JsonNode)id)]),
            };
            text.Append(json.ToJsonString()).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static JsonObject Delivery(Delivery delivery)
    {
        var json = new JsonObject
        {
            ["qos"] = delivery.Qos,
            ["retain"] = delivery.Retain,
            ["message"] = MessageJson.Write(delivery.Message),
        };
        if (delivery.SubscriptionIds is { } ids) json["subscription_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]);
        return json;
    }

    private static Delivery ReadDelivery(JsonNode? node) => new(MessageJson.Read(node!["message"]), (byte)(int)node!["qos"]!,
        (bool)node["retain"]!, node["subscription_ids"]?.AsArray().Select(i => (uint)i!).ToArray());

    /// <summary>
    /// A session saved by the MQTTnet-based broker before (client, subscriptions as filter → QoS, queued messages):
    /// an MQTT 3 persistent session whose queued messages are delivered when its client returns.
    /// </summary>
    private static SessionSnapshot Legacy(JsonObject json) => new((string)json["client"]!, 4, null, BrokerSession.Never,
        DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0,
        json["subscriptions"]!.AsObject().Select(s => new KeyValuePair<string, SubscriptionOptions>(s.Key, new SubscriptionOptions((byte)(int)s.Value!))).ToList(),
        [], json["queued"]!.AsArray().Select(m => MessageJson.Read(m)).Select(m => new Delivery(m, m.Qos, false, null)).ToList(), []);

    /// <summary>The saved sessions; <paramref name="skipped"/> is told each line it could not read, with the reason.</summary>
    public static List<SessionSnapshot> Load(string path, Action<string> skipped)
    {
        var sessions = new List<SessionSnapshot>();
        if (!File.Exists(path)) return sessions;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                var json = JsonNode.Parse(line)!.AsObject();
                if (json["version"] is null)
                {
                    sessions.Add(Legacy(json));
                    continue;
                }
                sessions.Add(new SessionSnapshot((string)json["client"]!, (int)json["version"]!, (string?)json["user"], (uint)json["expiry"]!,
                    (long)json["disconnected_at"]!, (ushort)json["last_packet_id"]!,
                    json["subscriptions"]!.AsArray().Select(s => new KeyValuePair<string, SubscriptionOptions>((string)s!["filter"]!,
                        new SubscriptionOptions((byte)(int)s["qos"]!, (bool)s["no_local"]!, (bool)s["retain_as_published"]!,
                            (byte)(int)s["retain_handling"]!, (uint)s["id"]!))).ToList(),
                    json["in_flight"]!.AsArray().Select(m => ((ushort)m!["packet_id"]!, (bool)m["released"]!, ReadDelivery(m))).ToList(),
                    json["queued"]!.AsArray().Select(ReadDelivery).ToList(),
                    json["awaiting_release"]!.AsArray().Select(id => (ushort)id!).ToList()));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or InvalidCastException)
            {
                skipped($"a session in {path} cannot be read and is skipped: {e.Message}");
            }
        }
        return sessions;
    }
}
