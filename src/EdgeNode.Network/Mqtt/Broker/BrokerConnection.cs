using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// One client connection: a receive loop that decodes and handles the client's packets in order, and a send loop that
/// writes the broker's packets from a queue (several per flush). Acknowledgements of mapped messages wait in the queue
/// for the journaling of their rows, so the receive loop keeps reading meanwhile and many messages share one fsync.
/// </summary>
internal sealed class BrokerConnection
{
    private readonly MqttBroker _broker;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly Dictionary<ushort, string> _inboundAliases = [];
    private readonly Dictionary<string, ushort> _outboundAliases = new(StringComparer.Ordinal);
    private BrokerSession? _session;
    private ConnectPacket? _connect;
    private int _unacknowledged; // QoS 1/2 messages received whose acknowledgement is not sent yet (our Receive Maximum)
    private byte? _abortReason;
    private string? _abortText;
    private bool _publishWill = true;
    private long _lastReceived = Environment.TickCount64;
    private int _waiting; // packets in the send queue (the single-reader channel does not count them)

    public BrokerConnection(MqttBroker broker, Stream stream, string remote)
    {
        _broker = broker;
        _stream = stream;
        Remote = remote;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65_536, minimumReadSize: 16_384));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 65_536));
    }

    public string Remote { get; }
    public int Version { get; private set; } = 4;
    public string ClientId => _connect?.ClientId ?? "";
    public string? UserName => _connect?.UserName;

    /// <summary>The keep alive in force (seconds; 0 = none): the client's, or the server's when it overrides it.</summary>
    public int KeepAlive { get; private set; }

    /// <summary>How many QoS 1/2 messages may be unacknowledged toward the client: its Receive Maximum [MQTT-3.3.4-9].</summary>
    public int SendWindow { get; private set; } = 65_535;

    /// <summary>The client's Maximum Packet Size, or 0 for none.</summary>
    private uint ClientMaximumPacketSize { get; set; }

    private int ClientTopicAliasMaximum { get; set; }

    public bool IsSilentFor(long nowTicks) => KeepAlive > 0 && nowTicks - Volatile.Read(ref _lastReceived) > KeepAlive * 1500L;

    public void Send(Outbound packet)
    {
        if (_outbound.Writer.TryWrite(packet)) Interlocked.Increment(ref _waiting);
    }

    /// <summary>More packets wait to be written than a session may queue (max_pending): QoS 0 copies are dropped.</summary>
    public bool IsBacklogged => Volatile.Read(ref _waiting) >= _broker.Options.MaxPending;

    /// <summary>Ends the connection from the broker's side (keep alive, takeover, shutdown), with an MQTT 5 reason.</summary>
    public void Abort(byte reason, string text)
    {
        _abortReason ??= reason;
        _abortText ??= text;
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the connection has ended already
        }
    }

    /// <summary>Does the PUBLISH fit the client's Maximum Packet Size (with the full topic name)?</summary>
    public bool Fits(Delivery delivery, long nowMs) =>
        ClientMaximumPacketSize == 0 || PacketEncoder.PublishSize(delivery.Message.Topic, delivery.Qos, Properties(delivery, nowMs, null),
            delivery.Message.Payload.Length, Version) <= ClientMaximumPacketSize;

    public async Task RunAsync()
    {
        var sending = Task.CompletedTask;
        try
        {
            if (!await ConnectAsync()) return;
            sending = SendLoopAsync();
            await ReceiveLoopAsync(_abort.Token);
        }
        catch (MqttProtocolException e)
        {
            _broker.Statistics.Error(BrokerStatistics.Disconnect, $"0x{e.ReasonCode:X2}", $"client '{ClientId}' ({Remote}): {e.Message}");
            if (Version == 5 && _session is not null) Send(new Outbound(MqttPacketType.Disconnect, Reason: e.ReasonCode, ReasonString: e.Message));
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // a stopping broker does not publish the wills of the clients it disconnects: they did not fail
            if (_abortReason == ReasonCodes.ServerShuttingDown) _publishWill = false;
            if (_abortReason is { } reason && Version == 5 && _session is not null)
                Send(new Outbound(MqttPacketType.Disconnect, Reason: reason, ReasonString: _abortText));
            if (_abortReason != ReasonCodes.ServerShuttingDown)
                _broker.Statistics.Error(BrokerStatistics.Disconnect, $"0x{_abortReason:X2}", $"client '{ClientId}' ({Remote}): {_abortText}");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _broker.Statistics.Error(BrokerStatistics.Disconnect, "ConnectionLost", $"client '{ClientId}' ({Remote}): {e.Message}");
        }
        finally
        {
            _outbound.Writer.TryComplete();
            // the packets already queued (a DISCONNECT with its reason last) go out, bounded in time for a client that does not read
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
            await _stream.DisposeAsync();
            await _input.CompleteAsync();
            if (_session is not null) _broker.Disconnected(this, _session, _connect!, _publishWill);
            _abort.Dispose();
        }
    }

    /// <summary>Reads the CONNECT (within the broker's connect timeout), lets the broker admit it and answers with CONNACK.</summary>
    private async Task<bool> ConnectAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        timeout.CancelAfter(_broker.Options.ConnectTimeout);
        ConnectPacket connect;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await _input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                _broker.Statistics.Error(BrokerStatistics.Connect, "Timeout", $"{Remote}: no CONNECT within {_broker.Options.ConnectTimeout.TotalSeconds} s");
                return false;
            }
            var buffer = read.Buffer;
            if (PacketDecoder.TryReadFrame(ref buffer, _broker.Options.MaximumPacketSize, out var header, out var body))
            {
                if (header != (byte)MqttPacketType.Connect << 4)
                {
                    _broker.Statistics.Error(BrokerStatistics.Connect, "ProtocolError", $"{Remote}: the first packet is not a CONNECT");
                    return false; // [MQTT-3.1.0-1]
                }
                try
                {
                    connect = PacketDecoder.Connect(body);
                }
                catch (UnsupportedProtocolException e)
                {
                    _broker.Statistics.Error(BrokerStatistics.Connect, "UnsupportedProtocolVersion", $"{Remote}: {e.Message}");
                    Version = e.Level == 5 ? 5 : 4;
                    PacketEncoder.ConnAck(_output, Version, false,
                        Version == 5 ? ReasonCodes.UnsupportedProtocolVersion : ReasonCodes.V3UnacceptableProtocolVersion, null);
                    await _output.FlushAsync();
                    return false;
                }
                _input.AdvanceTo(buffer.Start);
                break;
            }
            if (read.IsCompleted) return false;
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
        Version = connect.Version;
        var admitted = _broker.Connect(this, connect);
        if (admitted.Reason != ReasonCodes.Success)
        {
            PacketEncoder.ConnAck(_output, Version, false, admitted.Reason, admitted.Properties);
            await _output.FlushAsync();
            return false;
        }
        _connect = admitted.Connect;
        KeepAlive = admitted.KeepAlive;
        SendWindow = Version == 5 ? connect.Properties?.ReceiveMaximum ?? 65_535 : _broker.Options.MaxInflight;
        if (SendWindow == 0) throw new MqttProtocolException(ReasonCodes.ProtocolError, "Receive Maximum 0"); // [MQTT-3.1.2-23] is 1..65535
        ClientMaximumPacketSize = connect.Properties?.MaximumPacketSize ?? 0;
        ClientTopicAliasMaximum = _broker.Options.ServerTopicAliases ? connect.Properties?.TopicAliasMaximum ?? 0 : 0;
        // the CONNACK goes first, then what the session owes the client (Attach queues it behind)
        Send(new Outbound(MqttPacketType.ConnAck, Properties: admitted.Properties, SessionPresent: admitted.SessionPresent));
        _session = admitted.Session;
        _broker.Attach(this, admitted.Session!, admitted.SessionPresent);
        return true;
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var read = await _input.ReadAsync(cancellation);
            var buffer = read.Buffer;
            Volatile.Write(ref _lastReceived, Environment.TickCount64);
            try
            {
                while (PacketDecoder.TryReadFrame(ref buffer, _broker.Options.MaximumPacketSize, out var header, out var body))
                {
                    if (!await HandleAsync(header, body, cancellation)) return;
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty) throw MqttProtocolException.Malformed("the connection ended inside a packet");
                throw new IOException("the client closed the connection without DISCONNECT");
            }
        }
    }

    /// <summary>Handles one packet; false once the client disconnected.</summary>
    private async ValueTask<bool> HandleAsync(byte header, ReadOnlySequence<byte> body, CancellationToken cancellation)
    {
        var type = (MqttPacketType)(header >> 4);
        var flags = header & 0x0F;
        var session = _session!;
        if (type != MqttPacketType.Publish && flags != (type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 2 : 0))
            throw MqttProtocolException.Malformed($"{type} with flags {flags}"); // [MQTT-2.1.3-1]
        switch (type)
        {
            case MqttPacketType.Publish:
                await PublishAsync(PacketDecoder.Publish(flags, body, Version), session, cancellation);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubComp:
                session.Completed(PacketDecoder.Acknowledgement(body, Version).PacketId);
                break;
            case MqttPacketType.PubRec:
                var (received, reason) = PacketDecoder.Acknowledgement(body, Version);
                if (session.Received(received, reason)) Send(new Outbound(MqttPacketType.PubRel, received));
                else if (reason < 0x80) Send(new Outbound(MqttPacketType.PubRel, received, ReasonCodes.PacketIdentifierNotFound));
                break;
            case MqttPacketType.PubRel:
                var released = PacketDecoder.Acknowledgement(body, Version).PacketId;
                var known = session.Release(released);
                if (known && Version == 5) Interlocked.Decrement(ref _unacknowledged);
                Send(new Outbound(MqttPacketType.PubComp, released, known ? ReasonCodes.Success : ReasonCodes.PacketIdentifierNotFound));
                break;
            case MqttPacketType.Subscribe:
                _broker.Subscribe(this, session, PacketDecoder.Subscribe(body, Version));
                break;
            case MqttPacketType.Unsubscribe:
                _broker.Unsubscribe(this, session, PacketDecoder.Unsubscribe(body, Version));
                break;
            case MqttPacketType.PingReq:
                Send(new Outbound(MqttPacketType.PingResp));
                break;
            case MqttPacketType.Disconnect:
                Disconnect(PacketDecoder.Disconnect(body, Version), session);
                return false;
            default:
                throw new MqttProtocolException(ReasonCodes.ProtocolError, $"unexpected {type} from a client"); // a second CONNECT [MQTT-3.1.0-2], AUTH
        }
        return true;
    }

    /// <summary>DISCONNECT: 0x00 discards the will, 0x04 publishes it; MQTT 5 may change the session expiry [MQTT-3.14.2-2].</summary>
    private void Disconnect((byte Reason, uint? SessionExpiry) disconnect, BrokerSession session)
    {
        if (disconnect.SessionExpiry is { } expiry)
        {
            if ((_connect!.Properties?.SessionExpiry ?? 0) == 0 && expiry != 0)
                throw new MqttProtocolException(ReasonCodes.ProtocolError, "DISCONNECT sets a session expiry after CONNECT asked for none");
            lock (session) session.ExpiryInterval = expiry;
        }
        _publishWill = disconnect.Reason == ReasonCodes.DisconnectWithWill;
        _broker.Statistics.Success(BrokerStatistics.Disconnect);
    }

    private async ValueTask PublishAsync(PublishPacket publish, BrokerSession session, CancellationToken cancellation)
    {
        var topic = ResolveTopic(publish);
        if (publish.Qos == 2 && session.IsAwaitingRelease(publish.PacketId))
        {
            // a retransmission of a message already received: acknowledged again, not delivered twice [MQTT-4.3.3-10]
            Send(new Outbound(MqttPacketType.PubRec, publish.PacketId));
            return;
        }
        if (publish.Qos > 0 && Version == 5 && Interlocked.Increment(ref _unacknowledged) > _broker.Options.ReceiveMaximum)
            throw new MqttProtocolException(ReasonCodes.ReceiveMaximumExceeded, $"more than {_broker.Options.ReceiveMaximum} QoS 1/2 messages unacknowledged");
        if (!_broker.Permissions.MayPublish(UserName, topic))
        {
            _broker.Statistics.Error(BrokerStatistics.Publish, "NotAuthorized", $"client '{ClientId}' may not publish to '{topic}'");
            Acknowledge(publish, ReasonCodes.NotAuthorized, null, session);
            return;
        }
        if (publish.Qos == 2) session.AwaitRelease(publish.PacketId);
        var journal = await _broker.PublishAsync(topic, publish, ClientId, cancellation);
        Acknowledge(publish, ReasonCodes.Success, journal, session);
    }

    private void Acknowledge(PublishPacket publish, byte reason, Task<IngestResult>? journal, BrokerSession session)
    {
        if (publish.Qos == 1) Send(new Outbound(MqttPacketType.PubAck, publish.PacketId, reason, Journal: journal));
        else if (publish.Qos == 2)
        {
            if (reason >= 0x80 && Version == 5)
            {
                Interlocked.Decrement(ref _unacknowledged); // a refused QoS 2 flow ends with the PUBREC [MQTT-4.3.3-4]
                session.Release(publish.PacketId);
            }
            else if (reason >= 0x80)
            {
                session.AwaitRelease(publish.PacketId); // MQTT 3 has no refusal: the flow completes as usual
            }
            Send(new Outbound(MqttPacketType.PubRec, publish.PacketId, reason, Journal: journal));
        }
    }

    /// <summary>The topic of a PUBLISH, through the client's MQTT 5 topic aliases [MQTT-3.3.2-12].</summary>
    private string ResolveTopic(PublishPacket publish)
    {
        if (publish.Properties?.TopicAlias is not { } alias)
        {
            if (publish.Topic.Length == 0 && Version == 5) throw new MqttProtocolException(ReasonCodes.ProtocolError, "empty topic name without a topic alias");
            TopicFilters.ValidateTopicName(publish.Topic);
            return publish.Topic;
        }
        if (alias == 0 || alias > _broker.Options.TopicAliasMaximum)
            throw new MqttProtocolException(ReasonCodes.TopicAliasInvalid, $"topic alias {alias} (the maximum is {_broker.Options.TopicAliasMaximum})");
        if (publish.Topic.Length > 0)
        {
            TopicFilters.ValidateTopicName(publish.Topic);
            _inboundAliases[alias] = publish.Topic;
            return publish.Topic;
        }
        return _inboundAliases.TryGetValue(alias, out var topic)
            ? topic
            : throw new MqttProtocolException(ReasonCodes.TopicAliasInvalid, $"topic alias {alias} was never set");
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var packet))
                {
                    Interlocked.Decrement(ref _waiting);
                    if (packet.Journal is { } journal && !journal.IsCompleted)
                    {
                        await _output.FlushAsync(); // what is ready goes out while the rows are journaled
                        await journal.ConfigureAwait(false);
                    }
                    if (!await WriteAsync(packet)) return;
                }
                var flush = await _output.FlushAsync();
                if (flush.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Abort(ReasonCodes.UnspecifiedError, e.Message); // the receive loop ends too
        }
    }

    /// <summary>Writes one packet into the output buffer; false after a DISCONNECT (nothing follows it).</summary>
    private async ValueTask<bool> WriteAsync(Outbound packet)
    {
        switch (packet.Type)
        {
            case MqttPacketType.Publish:
                WritePublish(packet);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec:
                var reason = packet.Reason;
                if (packet.Journal is { } journal)
                {
                    var result = await journal;
                    if (result.Code == ErrorCode.FileError)
                    {
                        // not stored: no acknowledgement, the client sends the message again after reconnecting
                        if (Version == 5) Interlocked.Decrement(ref _unacknowledged);
                        if (packet.Type == MqttPacketType.PubRec) _session?.Release(packet.PacketId);
                        return true;
                    }
                    if (result.IsError) reason = Version == 5 ? ReasonCodes.PayloadFormatInvalid : reason;
                }
                if (packet.Type == MqttPacketType.PubAck && Version == 5) Interlocked.Decrement(ref _unacknowledged);
                PacketEncoder.Acknowledgement(_output, packet.Type, packet.PacketId, reason, Version);
                break;
            case MqttPacketType.PubRel or MqttPacketType.PubComp:
                PacketEncoder.Acknowledgement(_output, packet.Type, packet.PacketId, packet.Reason, Version);
                break;
            case MqttPacketType.SubAck or MqttPacketType.UnsubAck:
                PacketEncoder.SubscriptionAck(_output, packet.Type, packet.PacketId, packet.Codes!, Version);
                break;
            case MqttPacketType.PingResp:
                PacketEncoder.PingResp(_output);
                break;
            case MqttPacketType.ConnAck:
                PacketEncoder.ConnAck(_output, Version, packet.SessionPresent, ReasonCodes.Success, packet.Properties);
                break;
            case MqttPacketType.Disconnect:
                PacketEncoder.Disconnect(_output, packet.Reason, packet.ReasonString);
                await _output.FlushAsync();
                return false;
        }
        return true;
    }

    /// <summary>A PUBLISH to the client, with what is left of its expiry and, when the client allows, a topic alias.</summary>
    private void WritePublish(Outbound packet)
    {
        var delivery = packet.Delivery;
        var message = delivery.Message;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (delivery.Qos == 0 && message.IsExpired(nowMs)) return;
        var topic = message.Topic;
        ushort? alias = null;
        if (ClientTopicAliasMaximum > 0)
        {
            if (_outboundAliases.TryGetValue(topic, out var known))
            {
                alias = known;
                topic = "";
            }
            else if (_outboundAliases.Count < ClientTopicAliasMaximum)
            {
                alias = (ushort)(_outboundAliases.Count + 1);
                _outboundAliases[topic] = alias.Value;
            }
        }
        var properties = Version == 5 ? Properties(delivery, nowMs, alias) : null;
        PacketEncoder.Publish(_output, Version, topic, packet.PacketId, delivery.Qos, packet.Dup, delivery.Retain, properties, message.Payload.Span);
    }

    /// <summary>The MQTT 5 properties a message is forwarded with; null when it has none.</summary>
    private static MqttProperties? Properties(Delivery delivery, long nowMs, ushort? alias)
    {
        var message = delivery.Message;
        if (message.ExpiresAt is null && message.PayloadFormat is null && message.ContentType is null && message.ResponseTopic is null
            && message.CorrelationData is null && message.UserProperties is null && delivery.SubscriptionIds is null && alias is null)
            return null;
        return new MqttProperties
        {
            PayloadFormat = message.PayloadFormat,
            MessageExpiry = message.RemainingExpiry(nowMs),
            ContentType = message.ContentType,
            ResponseTopic = message.ResponseTopic,
            CorrelationData = message.CorrelationData,
            UserProperties = message.UserProperties?.ToList(),
            SubscriptionIds = delivery.SubscriptionIds?.ToList(),
            TopicAlias = alias,
        };
    }
}
