using System.Collections.Concurrent;
using EdgeNode.Core;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// The broker's protocol core: admits connections (authentication, client ids, session takeover, Session Present),
/// keeps the sessions, subscriptions and retained messages, routes each PUBLISH to local ingest and to the sessions
/// whose subscriptions match it, publishes wills (after their delay), expires sessions and messages, enforces keep
/// alive, and keeps sessions and retained messages across restarts (saved at most once a second while they change,
/// and when the broker stops).
/// </summary>
internal sealed class MqttBroker
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private readonly Node _node;
    private readonly object _sessionsGate = new();
    private readonly Dictionary<string, BrokerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<BrokerConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<string, BrokerMessage> _retained = new(StringComparer.Ordinal);
    private readonly SubscriptionIndex _index = new();
    private readonly RetainedMessageStore _retainedStore;
    private readonly ConcurrentDictionary<Task, byte> _wills = new(); // being published; each removes itself when done
    private int _sessionsChanged;
    private long _lastSave = Environment.TickCount64;
    private int _retainedChanged;
    private long _assigned;

    public MqttBroker(Node node, BrokerOptions options, BrokerStatistics statistics, BrokerIngest ingest, TopicPermissions permissions)
    {
        _node = node;
        Options = options;
        Statistics = statistics;
        Ingest = ingest;
        Permissions = permissions;
        _retainedStore = new RetainedMessageStore(node);
        SessionsPath = Path.Combine(node.Paths.DataDir, "broker", "sessions.json");
    }

    public BrokerOptions Options { get; }
    public BrokerStatistics Statistics { get; }
    public BrokerIngest Ingest { get; }
    public TopicPermissions Permissions { get; }
    public string SessionsPath { get; }

    public int ClientCount => _connections.Count;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Loads the saved sessions (those not expired meanwhile) and retained messages.</summary>
    public void Load()
    {
        foreach (var message in _retainedStore.Load()) _retained[message.Topic] = message;
        var now = NowMs;
        foreach (var saved in SessionFile.Load(SessionsPath, reason => _node.Log.Error("Message broker: " + reason)))
        {
            var session = BrokerSession.Restore(saved, Options.MaxPending, SessionChanged);
            if (session.IsExpired(now)) continue; // its expiry ran out while the broker was down
            _sessions[session.ClientId] = session;
            foreach (var (filter, options) in session.Subscriptions) _index.Add(session, filter, options);
        }
        if (_sessions.Count > 0) _node.Log.Event($"Message broker: {_sessions.Count} persistent session(s) restored from {SessionsPath}");
    }

    private void SessionChanged() => Volatile.Write(ref _sessionsChanged, 1);

    /// <summary>Decides on a CONNECT: refuse it, or give it its session (resumed or new).</summary>
    public Admission Connect(BrokerConnection connection, ConnectPacket connect)
    {
        var v5 = connect.Version == 5;
        if (v5 && connect.Properties?.AuthenticationMethod is not null)
            return Refuse(connect, ReasonCodes.BadAuthenticationMethod, "BadAuthenticationMethod", connection, "extended authentication is not supported");
        string? assigned = null;
        if (connect.ClientId.Length == 0)
        {
            // MQTT 3.1.1 §3.1.3.1 allows assigning an id to a clean session (mosquitto_pub and mosquitto_sub connect so); MQTT 5 always
            if (!v5 && !connect.CleanStart) return Refuse(connect, ReasonCodes.V3IdentifierRejected, "IdentifierRejected", connection, "empty client id with clean session = false");
            assigned = "auto-" + Interlocked.Increment(ref _assigned).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
            connect = connect with { ClientId = assigned };
        }
        if (Options.User is not null && (connect.UserName != Options.User || (Options.Password is not null && !SamePassword(connect.Password, Options.Password))))
            return Refuse(connect, v5 ? ReasonCodes.BadUserNameOrPassword : ReasonCodes.V3BadUserNameOrPassword, "BadUserNameOrPassword", connection, "wrong user name or password");
        if (connect.Will is { } will && !Permissions.MayPublish(connect.UserName, will.Topic))
            return Refuse(connect, v5 ? ReasonCodes.NotAuthorized : ReasonCodes.V3NotAuthorized, "NotAuthorized", connection,
                $"its will may not be published to '{will.Topic}'");
        var expiry = v5 ? connect.Properties?.SessionExpiry ?? 0 : connect.CleanStart ? 0 : BrokerSession.Never;
        int keepAlive = connect.KeepAlive;
        ushort? serverKeepAlive = null;
        if (v5 && Options.ServerKeepAlive > 0 && (keepAlive == 0 || keepAlive > Options.ServerKeepAlive))
            keepAlive = (int)(serverKeepAlive = (ushort)Options.ServerKeepAlive);
        BrokerSession session;
        bool present;
        BrokerMessage? endedWill = null;
        lock (_sessionsGate)
        {
            var now = NowMs;
            _sessions.TryGetValue(connect.ClientId, out var existing);
            if (existing?.Connection is { } old)
            {
                existing.Detach(old, now);
                old.Abort(ReasonCodes.SessionTakenOver, "another connection took the session over"); // [MQTT-3.1.4-3]
            }
            if (existing is not null && !connect.CleanStart && !existing.IsExpired(now))
            {
                session = existing;
                present = true;
                session.PendingWill = null; // back before its will delay ran out [MQTT-3.1.3-9]
            }
            else
            {
                if (existing is not null) endedWill = EndSession(existing);
                session = new BrokerSession(connect.ClientId, Options.MaxPending, SessionChanged);
                _sessions[connect.ClientId] = session;
                present = false;
            }
            lock (session) session.ExpiryInterval = expiry;
            if (session.Persistent || existing?.Persistent == true) SessionChanged(); // clean sessions are not saved
        }
        if (endedWill is not null) PublishWill(endedWill);
        Statistics.Success(BrokerStatistics.Connect);
        var properties = v5 ? new MqttProperties
        {
            ReceiveMaximum = (ushort)Options.ReceiveMaximum,
            MaximumPacketSize = (uint)Math.Min(Options.MaximumPacketSize, uint.MaxValue),
            TopicAliasMaximum = Options.TopicAliasMaximum > 0 ? (ushort)Options.TopicAliasMaximum : null,
            AssignedClientId = assigned,
            ServerKeepAlive = serverKeepAlive,
        } : null;
        return new Admission(ReasonCodes.Success, properties, connect, session, present && connect.Version >= 4, keepAlive);
    }

    private Admission Refuse(ConnectPacket connect, byte reason, string code, BrokerConnection connection, string why)
    {
        Statistics.Error(BrokerStatistics.Connect, code, $"client '{connect.ClientId}' ({connection.Remote}): {why}");
        return Admission.Refused(reason, connect);
    }

    /// <summary>The connection's CONNACK is queued: it takes the session, which sends what it owes first.</summary>
    public void Attach(BrokerConnection connection, BrokerSession session, bool resume)
    {
        _connections[connection] = 0;
        session.Attach(connection, resume);
    }

    /// <summary>
    /// The connection ended. Its will is published unless it sent DISCONNECT 0x00: at once, or after its Will Delay
    /// Interval unless the client is back by then or the session ends first [MQTT-3.1.3-9]. A session with expiry 0 ends.
    /// </summary>
    public void Disconnected(BrokerConnection connection, BrokerSession session, ConnectPacket connect, bool publishWill)
    {
        _connections.TryRemove(connection, out _);
        var willNow = new List<BrokerMessage>();
        lock (_sessionsGate)
        {
            var now = NowMs;
            var takenOver = session.Connection != connection;
            session.Detach(connection, now);
            if (connect.Will is { } will && publishWill)
            {
                if (connect.WillDelay == 0 || session.ExpiryInterval == 0) willNow.Add(will);
                else if (!takenOver) session.PendingWill = (will, now + Math.Min(connect.WillDelay, session.ExpiryInterval) * 1000L);
            }
            if (!takenOver && session.ExpiryInterval == 0 && EndSession(session) is { } pending) willNow.Add(pending);
        }
        foreach (var will in willNow) PublishWill(will);
    }

    /// <summary>Under the sessions lock: forgets a session and its subscriptions; returns a will still waiting, to publish now.</summary>
    private BrokerMessage? EndSession(BrokerSession session)
    {
        if (_sessions.TryGetValue(session.ClientId, out var current) && current == session) _sessions.Remove(session.ClientId);
        _index.RemoveAll(session);
        SessionChanged();
        var will = session.PendingWill?.Will;
        session.PendingWill = null;
        return will;
    }

    public void Subscribe(BrokerConnection connection, BrokerSession session, SubscribePacket subscribe)
    {
        var codes = new byte[subscribe.Filters.Count];
        var retained = new List<Delivery>();
        for (var i = 0; i < codes.Length; i++)
        {
            var (filter, options) = subscribe.Filters[i];
            var shared = TopicFilters.TryParseShared(filter, out _, out var inner);
            if (!TopicFilters.IsValidSubscription(filter))
            {
                codes[i] = connection.Version == 5 ? ReasonCodes.TopicFilterInvalid : ReasonCodes.V3SubscribeFailure;
                Statistics.Error(BrokerStatistics.Subscribe, "TopicFilterInvalid", $"client '{connection.ClientId}': '{filter}' is not a valid topic filter");
                continue;
            }
            if (shared && options.NoLocal)
                throw new MqttProtocolException(ReasonCodes.ProtocolError, "No Local on a shared subscription"); // [MQTT-3.8.3-4]
            if (!Permissions.MaySubscribe(connection.UserName, shared ? inner : filter))
            {
                codes[i] = ReasonCodes.UnspecifiedError; // 0x80 in MQTT 3.1.1 and 5
                Statistics.Error(BrokerStatistics.Subscribe, "NotAuthorized", $"client '{connection.ClientId}' may not subscribe to '{filter}'");
                continue;
            }
            bool existed;
            lock (session)
            {
                existed = session.Subscriptions.ContainsKey(filter);
                session.Subscriptions[filter] = options;
            }
            _index.Add(session, filter, options);
            if (session.Persistent) SessionChanged();
            codes[i] = options.MaxQos;
            Statistics.Success(BrokerStatistics.Subscribe);
            // retained messages: not for shared subscriptions [MQTT-3.8.4-?]; retain handling 1 only for a new subscription
            if (shared || options.RetainHandling == 2 || (options.RetainHandling == 1 && existed)) continue;
            var now = NowMs;
            foreach (var message in _retained.Values)
            {
                if (!TopicFilters.Matches(filter, message.Topic) || message.IsExpired(now) || !MayReceive(session, message.Topic)) continue;
                retained.Add(new Delivery(message, Math.Min(message.Qos, options.MaxQos), true,
                    options.SubscriptionId > 0 ? [options.SubscriptionId] : null));
            }
        }
        connection.Send(new Outbound(MqttPacketType.SubAck, subscribe.PacketId, Codes: codes));
        foreach (var delivery in retained) session.Deliver(delivery); // retain flag set: sent because of the subscription [MQTT-3.3.1-8]
    }

    public void Unsubscribe(BrokerConnection connection, BrokerSession session, UnsubscribePacket unsubscribe)
    {
        var codes = new byte[unsubscribe.Filters.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var filter = unsubscribe.Filters[i];
            bool existed;
            lock (session) existed = session.Subscriptions.Remove(filter);
            if (existed) _index.Remove(session, filter);
            if (session.Persistent) SessionChanged();
            codes[i] = existed ? ReasonCodes.Success : ReasonCodes.NoSubscriptionExisted;
            Statistics.Success(BrokerStatistics.Unsubscribe);
        }
        connection.Send(new Outbound(MqttPacketType.UnsubAck, unsubscribe.PacketId, Codes: codes));
    }

    private bool MayReceive(BrokerSession session, string topic) => Permissions.IsEmpty || Permissions.MayReceive(session.UserName, topic);

    /// <summary>
    /// A client's PUBLISH: mapped by local ingest (on a worker of the pool), kept when retained, delivered to every matching
    /// session. Returns the journaling its acknowledgement waits for, or null.
    /// </summary>
    public async ValueTask<Task<IngestResult>?> PublishAsync(string topic, PublishPacket publish, string client, CancellationToken cancellation)
    {
        var worker = await Ingest.Threads.EnterAsync(topic, client, cancellation);
        try
        {
            var journal = await Ingest.MapAsync(topic, publish.Payload, publish.Qos, client, cancellation);
            if (publish.Retain || _index.AnyMatches(topic))
            {
                // the payload is copied out of the receive buffer only when the message goes further
                var message = PacketDecoder.Message(topic, System.Buffers.BuffersExtensions.ToArray(publish.Payload), publish.Qos, publish.Retain, client, publish.Properties);
                Route(message);
            }
            return journal;
        }
        finally
        {
            Ingest.Threads.Exit(worker);
        }
    }

    private void Route(BrokerMessage message)
    {
        if (message.Retain)
        {
            // an empty retained message deletes the one kept for its topic [MQTT-3.3.1-6, 3.3.1-7]
            if (message.Payload.IsEmpty) _retained.TryRemove(message.Topic, out _);
            else _retained[message.Topic] = message;
            Volatile.Write(ref _retainedChanged, 1);
        }
        foreach (var (session, delivery) in _index.Match(message, s => MayReceive(s, message.Topic))) session.Deliver(delivery);
    }

    /// <summary>Publishes a will as its client would have: mapped by local ingest, retained if asked, delivered.</summary>
    private void PublishWill(BrokerMessage will)
    {
        var publishing = PublishWillAsync(will);
        _wills[publishing] = 0;
        _ = publishing.ContinueWith(done => _wills.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task PublishWillAsync(BrokerMessage will)
    {
        try
        {
            var journal = await Ingest.MapAsync(will.Topic, new System.Buffers.ReadOnlySequence<byte>(will.Payload), will.Qos, will.Publisher ?? "", CancellationToken.None);
            Route(will);
            if (journal is not null) await journal;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _node.Log.Error($"Message broker: the will of client '{will.Publisher}' on '{will.Topic}' could not be published: {e.Message}");
        }
    }

    /// <summary>Every half second until <paramref name="stopping"/>: keep alive, due wills, expired sessions; saving once a second.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) Sweep();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the broker saves once more when it stops
        }
    }

    private void Sweep()
    {
        var ticks = Environment.TickCount64;
        foreach (var connection in _connections.Keys)
        {
            if (connection.IsSilentFor(ticks))
                connection.Abort(ReasonCodes.KeepAliveTimeout, $"nothing received for 1.5 x the keep alive of {connection.KeepAlive} s"); // [MQTT-3.1.2-22]
        }
        var now = NowMs;
        var wills = new List<BrokerMessage>();
        lock (_sessionsGate)
        {
            foreach (var session in _sessions.Values.ToList())
            {
                if (session.PendingWill is { } pending && pending.DueAt <= now)
                {
                    session.PendingWill = null;
                    wills.Add(pending.Will);
                }
                if (session.IsExpired(now) && EndSession(session) is { } will) wills.Add(will);
            }
        }
        foreach (var will in wills) PublishWill(will);
        foreach (var (topic, message) in _retained)
        {
            if (message.IsExpired(now) && _retained.TryRemove(topic, out _)) Volatile.Write(ref _retainedChanged, 1);
        }
        // saved at most once a second (as mosquitto's autosave): a large queue is not serialized twice a second
        if (Environment.TickCount64 - _lastSave < SaveInterval.TotalMilliseconds) return;
        _lastSave = Environment.TickCount64;
        Save();
    }

    /// <summary>Writes what changed since the last save: the persistent sessions, the retained messages.</summary>
    public void Save()
    {
        if (Interlocked.Exchange(ref _sessionsChanged, 0) == 1)
        {
            List<SessionSnapshot> snapshots;
            lock (_sessionsGate) snapshots = [.. _sessions.Values.Where(s => s.Persistent).Select(s => s.Snapshot())];
            try
            {
                SessionFile.Save(SessionsPath, snapshots);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SessionChanged();
                _node.Log.Error($"Message broker: sessions could not be saved to {SessionsPath}: {e.Message}");
            }
        }
        if (Interlocked.Exchange(ref _retainedChanged, 0) == 1 && !_retainedStore.Save(_retained.Values.OrderBy(m => m.Topic, StringComparer.Ordinal)))
            Volatile.Write(ref _retainedChanged, 1);
    }

    /// <summary>Ends every connection (MQTT 5 clients are told the server is shutting down).</summary>
    public void DisconnectAll()
    {
        foreach (var connection in _connections.Keys) connection.Abort(ReasonCodes.ServerShuttingDown, "the broker is stopping");
    }

    /// <summary>Waits for the wills being published.</summary>
    public Task WillsPublishedAsync() => Task.WhenAll(_wills.Keys);

    /// <summary>Compares in constant time, so the time of a refusal says nothing about how much of the password was right.</summary>
    private static bool SamePassword(byte[]? given, string expected) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, System.Text.Encoding.UTF8.GetBytes(expected));
}
