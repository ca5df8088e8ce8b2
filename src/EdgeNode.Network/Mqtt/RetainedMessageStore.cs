using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Keeps the broker's retained messages across restarts of the broker and of the node, in
/// <c>&lt;data dir&gt;/broker/retained.json</c> (one JSON object per line: topic, QoS, payload in base64). Changes are
/// written at most once a second (a topic retained at a high rate costs one file write per second, not one per message)
/// and when the broker stops; as with mosquitto's autosave, a crash loses at most the last second of retained changes.
/// </summary>
internal sealed class RetainedMessageStore(Node node)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private int _dirty;

    public string Path { get; } = System.IO.Path.Combine(node.Paths.DataDir, "broker", "retained.json");

    public void Attach(MqttServer server)
    {
        server.LoadingRetainedMessageAsync += e =>
        {
            e.LoadedRetainedMessages = Load();
            return Task.CompletedTask;
        };
        server.RetainedMessageChangedAsync += _ => Changed();
        server.RetainedMessagesClearedAsync += _ => Changed();
    }

    private Task Changed()
    {
        Volatile.Write(ref _dirty, 1);
        return Task.CompletedTask;
    }

    private List<MqttApplicationMessage> Load()
    {
        var messages = new List<MqttApplicationMessage>();
        if (!File.Exists(Path)) return messages;
        foreach (var line in File.ReadLines(Path))
        {
            try
            {
                var json = JsonNode.Parse(line)!.AsObject();
                messages.Add(new MqttApplicationMessageBuilder()
                    .WithTopic((string)json["topic"]!)
                    .WithPayload(Convert.FromBase64String((string)json["payload"]!))
                    .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)(int)json["qos"]!)
                    .WithRetainFlag()
                    .Build());
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
            {
                node.Log.Error($"Message broker: a retained message in {Path} cannot be read and is skipped: {e.Message}");
            }
        }
        return messages;
    }

    /// <summary>Saves the retained messages every second while they change, until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(MqttServer server, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(SaveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) await SaveIfChangedAsync(server);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the broker saves once more when it stops
        }
    }

    public async Task SaveIfChangedAsync(MqttServer server)
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0) return;
        var builder = new StringBuilder();
        foreach (var message in await server.GetRetainedMessagesAsync())
        {
            builder.Append(new JsonObject
            {
                ["topic"] = message.Topic,
                ["qos"] = (int)message.QualityOfServiceLevel,
                ["payload"] = Convert.ToBase64String(System.Buffers.BuffersExtensions.ToArray(message.Payload)),
            }.ToJsonString()).Append('\n');
        }
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            DurableFiles.WriteAtomically(Path, Encoding.UTF8.GetBytes(builder.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _dirty, 1);
            node.Log.Error($"Message broker: retained messages could not be saved to {Path}: {e.Message}");
        }
    }
}
