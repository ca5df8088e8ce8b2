using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using EdgeNode.Network.Mqtt.Broker;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Keeps the broker's retained messages across restarts of the broker and of the node, in
/// <c>&lt;data dir&gt;/broker/retained.json</c> (one JSON object per line: topic, QoS, payload in base64, MQTT 5
/// properties). The broker saves them at most once a second while they change and when it stops; as with mosquitto's
/// autosave, a crash loses at most the last second of retained changes.
/// </summary>
internal sealed class RetainedMessageStore(Node node)
{
    public string Path { get; } = System.IO.Path.Combine(node.Paths.DataDir, "broker", "retained.json");

    public List<BrokerMessage> Load()
    {
        var messages = new List<BrokerMessage>();
        if (!File.Exists(Path)) return messages;
        foreach (var line in File.ReadLines(Path))
        {
            if (line.Length == 0) continue;
            try
            {
                messages.Add(MessageJson.Read(JsonNode.Parse(line)));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                node.Log.Error($"Message broker: a retained message in {Path} cannot be read and is skipped: {e.Message}");
            }
        }
        return messages;
    }

    /// <summary>Writes the retained messages; false (logged) when the file cannot be written.</summary>
    public bool Save(IEnumerable<BrokerMessage> messages)
    {
        var builder = new StringBuilder();
        foreach (var message in messages) builder.Append(MessageJson.Write(message).ToJsonString()).Append('\n');
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            DurableFiles.WriteAtomically(Path, Encoding.UTF8.GetBytes(builder.ToString()));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            node.Log.Error($"Message broker: retained messages could not be saved to {Path}: {e.Message}");
            return false;
        }
    }
}
