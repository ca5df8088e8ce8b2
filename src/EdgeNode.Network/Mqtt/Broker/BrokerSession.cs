namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// The state the broker keeps for one client id (MQTT 5 §4.1): its subscriptions, the QoS 1/2 messages sent to it and
/// not yet acknowledged (with their packet ids, so that a reconnect sends each again with the same id and DUP set, or
/// its PUBREL once the PUBREC came), the messages queued while it is away or while its Receive Maximum is used up, the
/// QoS 2 packet ids it sent that await their PUBREL, its expiry and a will waiting for its delay. Every change happens
/// under the session's lock; the packets go to the connection's send queue in the order they are decided.
/// </summary>
internal sealed class BrokerSession(string clientId, int maxQueued, Action changed)
{
    /// <summary>The session expiry of MQTT 3 clean session = false: the session never expires.</summary>
    public const uint Never = uint.MaxValue;

    private readonly Dictionary<ushort, InFlightMessage> _inFlight = [];
    private readonly LinkedList<Delivery> _queued = [];
    private readonly HashSet<ushort> _awaitingRelease = [];
    private ushort _lastPacketId;
    private long _sequence;

    public string ClientId { get; } = clientId;

    /// <summary>Topic filter as subscribed (also <c>$share/...</c>) → options.</summary>
    public Dictionary<string, SubscriptionOptions> Subscriptions { get; } = new(StringComparer.Ordinal);

    public int Version { get; set; } = 4;
    public string? UserName { get; set; }

    /// <summary>Seconds the session outlives its connection; 0 = it ends with the connection.</summary>
    public uint ExpiryInterval { get; set; }

    /// <summary>When the client left (unix ms), or null while connected.</summary>
    public long? DisconnectedAt { get; set; }

    public BrokerConnection? Connection { get; private set; }

    /// <summary>A will waiting for its delay (MQTT 5 Will Delay Interval), and when it is due (unix ms).</summary>
    public (BrokerMessage Will, long DueAt)? PendingWill { get; set; }

    /// <summary>Messages dropped because the queue was full or they did not fit the client's Maximum Packet Size.</summary>
    public long Dropped { get; private set; }

    public bool Persistent => ExpiryInterval > 0;

    public bool IsExpired(long nowMs) =>
        Connection is null && ExpiryInterval != Never && DisconnectedAt is { } at && nowMs - at >= ExpiryInterval * 1000L;

    public int QueuedCount
    {
        get { lock (this) return _queued.Count; }
    }

    public int InFlightCount
    {
        get { lock (this) return _inFlight.Count; }
    }

    /// <summary>Sends the message now when it can, else queues it (QoS 1/2 only: QoS 0 is not kept for an absent client).</summary>
    public void Deliver(Delivery delivery)
    {
        lock (this)
        {
            if (Connection is { } connection && (delivery.Qos == 0 || _inFlight.Count < connection.SendWindow))
            {
                if (_queued.Count == 0 || delivery.Qos == 0)
                {
                    Send(connection, delivery, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                }
                else
                {
                    Enqueue(delivery); // older messages go first: order is kept [MQTT-4.6.0-6]
                    Pump();
                }
                return;
            }
            if (delivery.Qos == 0) return;
            Enqueue(delivery);
        }
    }

    private void Enqueue(Delivery delivery)
    {
        _queued.AddLast(delivery);
        if (_queued.Count > maxQueued)
        {
            _queued.RemoveFirst();
            Dropped++;
        }
        if (Persistent) changed();
    }

    /// <summary>Under the lock, with a connection: a QoS 0 copy goes out; a QoS 1/2 one gets the next free packet id.</summary>
    private void Send(BrokerConnection connection, Delivery delivery, long nowMs)
    {
        if (!connection.Fits(delivery, nowMs))
        {
            Dropped++; // larger than the client takes: discarded as if delivered [MQTT-3.1.2-25]
            return;
        }
        if (delivery.Qos == 0)
        {
            // a client that reads slower than messages come loses QoS 0 ones rather than the broker its memory
            if (connection.IsBacklogged) Dropped++;
            else connection.Send(new Outbound(MqttPacketType.Publish, Delivery: delivery));
            return;
        }
        var packetId = NextPacketId();
        _inFlight[packetId] = new InFlightMessage(packetId, delivery, ++_sequence);
        connection.Send(new Outbound(MqttPacketType.Publish, packetId, Delivery: delivery));
        if (Persistent) changed();
    }

    private ushort NextPacketId()
    {
        do
        {
            _lastPacketId = (ushort)(_lastPacketId == ushort.MaxValue ? 1 : _lastPacketId + 1);
        } while (_inFlight.ContainsKey(_lastPacketId));
        return _lastPacketId;
    }

    /// <summary>Sends what is queued while the client's window has room; expired messages are dropped [MQTT-3.3.2-5].</summary>
    private void Pump()
    {
        if (Connection is not { } connection) return;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (_queued.First is { } first && _inFlight.Count < connection.SendWindow)
        {
            _queued.RemoveFirst();
            if (!first.Value.Message.IsExpired(nowMs)) Send(connection, first.Value, nowMs);
        }
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2): the message is delivered and its packet id free.</summary>
    public bool Completed(ushort packetId)
    {
        lock (this)
        {
            if (!_inFlight.Remove(packetId)) return false;
            if (Persistent) changed();
            Pump();
            return true;
        }
    }

    /// <summary>
    /// PUBREC: from now on the PUBREL is owed. False when the packet id is unknown (answered with reason 0x92) or the
    /// client refused the message (a reason code ≥ 0x80 ends its flow without PUBREL [MQTT-4.3.3-4]).
    /// </summary>
    public bool Received(ushort packetId, byte reason)
    {
        lock (this)
        {
            if (!_inFlight.TryGetValue(packetId, out var message)) return false;
            if (reason >= 0x80)
            {
                _inFlight.Remove(packetId);
                Pump();
            }
            else
            {
                message.Released = true;
            }
            if (Persistent) changed();
            return reason < 0x80;
        }
    }

    /// <summary>
    /// A connection takes the session. When it resumes it, every unacknowledged message goes out again first, in its
    /// original order and with its packet id: the PUBLISH with DUP set, or the PUBREL where the PUBREC came
    /// [MQTT-4.4.0-1, 3.3.1-1]; then what was queued. Expired QoS 1 messages are not sent again.
    /// </summary>
    public void Attach(BrokerConnection connection, bool resume)
    {
        lock (this)
        {
            Connection = connection;
            DisconnectedAt = null;
            Version = connection.Version;
            UserName = connection.UserName;
            if (resume)
            {
                var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (var message in _inFlight.Values.OrderBy(m => m.Sequence))
                {
                    // an expired QoS 1 copy sent to the connection that was lost is dropped as a queued one would be;
                    // QoS 2 goes on, as the client may hold its packet id until the PUBREL
                    if (message.Delivery.Qos == 1 && message.Delivery.Message.IsExpired(nowMs))
                    {
                        _inFlight.Remove(message.PacketId);
                        continue;
                    }
                    connection.Send(message.Released
                        ? new Outbound(MqttPacketType.PubRel, message.PacketId)
                        : new Outbound(MqttPacketType.Publish, message.PacketId, Delivery: message.Delivery, Dup: true));
                }
            }
            Pump();
        }
    }

    /// <summary>The connection ended (or was taken over); the session stays for its expiry interval.</summary>
    public void Detach(BrokerConnection connection, long nowMs)
    {
        lock (this)
        {
            if (Connection != connection) return;
            Connection = null;
            DisconnectedAt = nowMs;
            if (Persistent) changed();
        }
    }

    /// <summary>A QoS 2 PUBLISH from the client: false when its packet id already awaits a PUBREL (a retransmission).</summary>
    public bool AwaitRelease(ushort packetId)
    {
        lock (this)
        {
            var added = _awaitingRelease.Add(packetId);
            if (added && Persistent) changed();
            return added;
        }
    }

    public bool IsAwaitingRelease(ushort packetId)
    {
        lock (this) return _awaitingRelease.Contains(packetId);
    }

    /// <summary>PUBREL: the packet id is free for the client's next message. False when it was not awaited.</summary>
    public bool Release(ushort packetId)
    {
        lock (this)
        {
            var removed = _awaitingRelease.Remove(packetId);
            if (removed && Persistent) changed();
            return removed;
        }
    }

    /// <summary>Everything to save, taken under the lock.</summary>
    public SessionSnapshot Snapshot()
    {
        lock (this)
        {
            return new SessionSnapshot(ClientId, Version, UserName, ExpiryInterval, DisconnectedAt ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                _lastPacketId, Subscriptions.ToList(), _inFlight.Values.OrderBy(m => m.Sequence).Select(m => (m.PacketId, m.Released, m.Delivery)).ToList(),
                _queued.ToList(), _awaitingRelease.Order().ToList());
        }
    }

    /// <summary>A session as it was saved, before any connection.</summary>
    public static BrokerSession Restore(SessionSnapshot saved, int maxQueued, Action changed)
    {
        var session = new BrokerSession(saved.ClientId, maxQueued, changed)
        {
            Version = saved.Version,
            UserName = saved.UserName,
            ExpiryInterval = saved.ExpiryInterval,
            DisconnectedAt = saved.DisconnectedAt,
        };
        foreach (var (filter, options) in saved.Subscriptions) session.Subscriptions[filter] = options;
        foreach (var (packetId, released, delivery) in saved.InFlight)
            session._inFlight[packetId] = new InFlightMessage(packetId, delivery, ++session._sequence) { Released = released };
        foreach (var delivery in saved.Queued) session._queued.AddLast(delivery);
        foreach (var packetId in saved.AwaitingRelease) session._awaitingRelease.Add(packetId);
        session._lastPacketId = saved.LastPacketId;
        return session;
    }
}
