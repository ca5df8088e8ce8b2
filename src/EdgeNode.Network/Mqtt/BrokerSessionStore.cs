using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.IO;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Keeps the broker's persistent sessions (MQTT 3.1/3.1.1 clean session = false, MQTT 5 session expiry &gt; 0) across
/// restarts of the broker and of the node, in <c>&lt;data dir&gt;/broker/sessions.json</c>: per client id its
/// subscriptions and the QoS 1/2 messages queued for it while it is disconnected. MQTTnet keeps sessions in memory only,
/// so this mirrors them from its events: a QoS 1/2 message queued for a persistent session is kept until its client
/// acknowledges it. After a restart a returning client (clean session = false) gets its subscriptions back and the
/// messages it had not acknowledged, including those published while the broker ran without it. Saved at most once a
/// second while it changes and when the broker stops (as mosquitto's autosave): a crash loses at most the last second.
/// </summary>
internal sealed class BrokerSessionStore(Node node, int maxQueued)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, StoredSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _connecting = new(StringComparer.Ordinal); // client id → persistent session asked
    private readonly Dictionary<string, Dictionary<ushort, MqttPublishPacket>> _inFlight = new(StringComparer.Ordinal); // client → packet id → sent
    private MqttServer? _server;
    private int _dirty;
    private volatile int _restored; // sessions loaded from disk whose client has not come back yet

    public string Path { get; } = System.IO.Path.Combine(node.Paths.DataDir, "broker", "sessions.json");

    /// <summary>Loads the saved sessions and follows the server's sessions from now on.</summary>
    public void Attach(MqttServer server)
    {
        _server = server;
        Load();
        server.ClientConnectedAsync += OnConnectedAsync;
        server.ClientSubscribedTopicAsync += e => Update(e.ClientId, s =>
        {
            s.Subscriptions[e.TopicFilter.Topic] = (int)e.TopicFilter.QualityOfServiceLevel;
            return true;
        });
        server.ClientUnsubscribedTopicAsync += e => Update(e.ClientId, s => s.Subscriptions.Remove(e.TopicFilter));
        // a copy of what the server queues for a persistent session, until the client acknowledges it
        server.ApplicationMessageEnqueuedOrDroppedAsync += e => e.IsDropped
            ? Task.CompletedTask
            : Update(e.ReceiverClientId, s => Queue(s, e.ApplicationMessage));
        // acknowledgements are taken from the packets as they arrive: MQTTnet's ClientAcknowledgedPublishPacket event can
        // be lost when the client disconnects right after its last PUBACK, and that message came back after a restart
        server.InterceptingOutboundPacketAsync += OnOutboundPacketAsync;
        server.InterceptingInboundPacketAsync += OnInboundPacketAsync;
        server.ClientDisconnectedAsync += e =>
        {
            lock (_gate) _inFlight.Remove(e.ClientId); // packet ids are per connection; what was not acknowledged stays queued
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += OnPublishAsync;
    }

    /// <summary>Called once a connection is accepted: notes whether the client asks for a session that outlives it.</summary>
    public void Connecting(ValidatingConnectionEventArgs e)
    {
        var persistent = e.ProtocolVersion == MqttProtocolVersion.V500 ? e.SessionExpiryInterval > 0 : e.CleanSession != true;
        lock (_gate) _connecting[e.ClientId] = persistent && e.CleanSession != true;
        if (e.CleanSession == true || !persistent) Forget(e.ClientId, persistent);
    }

    /// <summary>A clean start ends the stored session; a persistent one starts anew.</summary>
    private void Forget(string clientId, bool persistent)
    {
        lock (_gate)
        {
            if (_sessions.Remove(clientId, out var old) && old.Restored) _restored--;
            if (persistent) _sessions[clientId] = new StoredSession();
        }
        Changed();
    }

    private async Task OnConnectedAsync(ClientConnectedEventArgs e)
    {
        StoredSession? restore = null;
        lock (_gate)
        {
            var resumes = _connecting.Remove(e.ClientId, out var persistent) && persistent;
            if (!_sessions.TryGetValue(e.ClientId, out var session))
            {
                if (resumes) _sessions[e.ClientId] = new StoredSession();
            }
            else if (session.Restored)
            {
                // handed to the server below; the copies stay until the client acknowledges them
                session.Restored = false;
                _restored--;
                restore = session.Copy();
            }
        }
        Changed();
        if (restore is null || _server is not { } server) return;
        // the session the client had before the restart: its subscriptions, then what was queued for it, in order
        if (restore.Subscriptions.Count > 0)
        {
            await server.SubscribeAsync(e.ClientId, restore.Subscriptions
                .Select(s => new MqttTopicFilterBuilder().WithTopic(s.Key).WithQualityOfServiceLevel((MqttQualityOfServiceLevel)s.Value).Build())
                .ToList());
        }
        var live = await server.GetSessionAsync(e.ClientId);
        foreach (var message in restore.Queued)
        {
            if (live is null || !live.TryEnqueueApplicationMessage(message, out _))
            {
                node.Log.Error($"Message broker: a message queued for client '{e.ClientId}' on '{message.Topic}' before the restart could not be delivered");
            }
        }
        if (restore.Queued.Count > 0)
            node.Log.Event($"Message broker: client '{e.ClientId}' resumed its session with {restore.Queued.Count} queued message(s)");
    }

    /// <summary>Messages published while a restored session's client is away are queued for it, as the server would.</summary>
    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        if (_restored == 0 || !e.ProcessPublish) return Task.CompletedTask;
        var message = e.ApplicationMessage;
        lock (_gate)
        {
            var queued = false;
            foreach (var session in _sessions.Values)
                if (session.Restored) queued |= Queue(session, message);
            if (queued) Changed();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Keeps a copy of a message queued for a session at the QoS its subscriptions grant; QoS 1/2 only (QoS 0 is not
    /// queued for an absent client by mosquitto either), the newest <c>maxQueued</c>. False when the session does not keep it.
    /// </summary>
    private bool Queue(StoredSession session, MqttApplicationMessage message)
    {
        var granted = 0;
        foreach (var (filter, qos) in session.Subscriptions)
            if (MqttTopicFilterComparer.Compare(message.Topic, filter) == MqttTopicFilterCompareResult.IsMatch) granted = Math.Max(granted, qos);
        var level = Math.Min(granted, (int)message.QualityOfServiceLevel);
        if (level == 0) return false;
        session.Queued.AddLast(new MqttApplicationMessageBuilder().WithTopic(message.Topic).WithPayload(message.Payload.ToArray())
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)level).Build());
        if (session.Queued.Count > maxQueued) session.Queued.RemoveFirst();
        return true;
    }

    /// <summary>Notes a QoS 1/2 message sent to a client whose session is kept, by packet id, until the client acknowledges it.</summary>
    private Task OnOutboundPacketAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } packet) return Task.CompletedTask;
        lock (_gate)
        {
            if (!_sessions.ContainsKey(e.ClientId)) return Task.CompletedTask;
            if (!_inFlight.TryGetValue(e.ClientId, out var sent)) _inFlight[e.ClientId] = sent = [];
            sent[packet.PacketIdentifier] = packet;
        }
        return Task.CompletedTask;
    }

    /// <summary>A PUBACK (QoS 1) or PUBCOMP (QoS 2) from a client: the message it acknowledges leaves its stored session.</summary>
    private Task OnInboundPacketAsync(InterceptingPacketEventArgs e)
    {
        var id = e.Packet switch
        {
            MqttPubAckPacket ack => ack.PacketIdentifier,
            MqttPubCompPacket complete => complete.PacketIdentifier,
            _ => (ushort)0,
        };
        if (id == 0) return Task.CompletedTask;
        lock (_gate)
        {
            if (_inFlight.TryGetValue(e.ClientId, out var sent) && sent.Remove(id, out var packet)
                && _sessions.TryGetValue(e.ClientId, out var session) && Acknowledged(session, packet))
                Changed();
        }
        return Task.CompletedTask;
    }

    /// <summary>The client acknowledged a message (PUBACK, PUBCOMP): its copy, the oldest with that topic and payload, goes.</summary>
    private static bool Acknowledged(StoredSession session, MqttPublishPacket packet)
    {
        var payload = packet.Payload;
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        // the copies are built from one array each: a single segment
        for (var entry = session.Queued.First; entry is not null; entry = entry.Next)
        {
            if (entry.Value.Topic != packet.Topic || !entry.Value.Payload.FirstSpan.SequenceEqual(bytes.Span)) continue;
            session.Queued.Remove(entry);
            return true;
        }
        return false;
    }

    /// <summary>Applies <paramref name="change"/> to the client's stored session, if it has one; it returns true when what is saved changed.</summary>
    private Task Update(string clientId, Func<StoredSession, bool> change)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(clientId, out var session) && change(session)) Changed();
        }
        return Task.CompletedTask;
    }

    private void Changed() => Volatile.Write(ref _dirty, 1);

    /// <summary>Saves the sessions every second while they change, until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(SaveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) SaveIfChanged();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // saved once more when the broker stops
        }
    }

    public void SaveIfChanged()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0) return;
        var builder = new StringBuilder();
        lock (_gate)
        {
            foreach (var (client, session) in _sessions.OrderBy(s => s.Key, StringComparer.Ordinal))
                builder.Append(ToJson(client, session).ToJsonString()).Append('\n');
        }
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            DurableFiles.WriteAtomically(Path, Encoding.UTF8.GetBytes(builder.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Changed();
            node.Log.Error($"Message broker: sessions could not be saved to {Path}: {e.Message}");
        }
    }

    private static JsonObject ToJson(string client, StoredSession session)
    {
        var subscriptions = new JsonObject();
        foreach (var (filter, qos) in session.Subscriptions) subscriptions[filter] = qos;
        var queued = new JsonArray();
        foreach (var message in session.Queued)
        {
            queued.Add(new JsonObject
            {
                ["topic"] = message.Topic,
                ["qos"] = (int)message.QualityOfServiceLevel,
                ["payload"] = Convert.ToBase64String(message.Payload.ToArray()),
            });
        }
        return new JsonObject { ["client"] = client, ["subscriptions"] = subscriptions, ["queued"] = queued };
    }

    private void Load()
    {
        if (!File.Exists(Path)) return;
        foreach (var line in File.ReadLines(Path))
        {
            if (line.Length == 0) continue;
            try
            {
                var json = JsonNode.Parse(line)!.AsObject();
                var session = new StoredSession { Restored = true };
                foreach (var (filter, qos) in json["subscriptions"]!.AsObject()) session.Subscriptions[filter] = (int)qos!;
                foreach (var item in json["queued"]!.AsArray())
                {
                    session.Queued.AddLast(new MqttApplicationMessageBuilder().WithTopic((string)item!["topic"]!)
                        .WithPayload(Convert.FromBase64String((string)item["payload"]!))
                        .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)(int)item["qos"]!).Build());
                }
                _sessions[(string)json["client"]!] = session;
                _restored++;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
            {
                node.Log.Error($"Message broker: a session in {Path} cannot be read and is skipped: {e.Message}");
            }
        }
    }

    /// <summary>What is kept of one client's session.</summary>
    private sealed class StoredSession
    {
        public Dictionary<string, int> Subscriptions { get; } = new(StringComparer.Ordinal);
        /// <summary>Oldest first; acknowledged ones leave from near the front, the oldest goes when it is full.</summary>
        public LinkedList<MqttApplicationMessage> Queued { get; } = [];

        /// <summary>Loaded from disk: the server does not know it until its client connects again.</summary>
        public bool Restored { get; set; }

        public StoredSession Copy()
        {
            var copy = new StoredSession();
            foreach (var (filter, qos) in Subscriptions) copy.Subscriptions[filter] = qos;
            foreach (var message in Queued) copy.Queued.AddLast(message);
            return copy;
        }
    }
}
