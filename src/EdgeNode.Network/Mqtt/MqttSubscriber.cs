using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The connection of one <c>run msg client</c> to an external broker. It connects, subscribes to every topic block and
/// maps each message as it arrives; a QoS 1/2 message is acknowledged (PUBACK/PUBREC) only once its rows are in the
/// streamer's journal, in arrival order, with up to <see cref="MaxInFlight"/> messages being journaled at once so one
/// fsync covers many. When the connection drops it reconnects with a bounded exponential back-off and always
/// subscribes again (a broker that lost its state would otherwise send nothing). A message that cannot be mapped is
/// acknowledged anyway (counted as an error by the ingest side) so it never blocks the topic; a message whose rows could
/// not be journaled is not acknowledged, and the connection is restarted so the broker delivers it again. QoS 2 is
/// exactly-once while the node runs (<see cref="ExactlyOnceReceipts"/>).
/// </summary>
internal sealed class MqttSubscriber
{
    public const int MaxInFlight = 1024;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Node _node;
    private readonly MsgClientOptions _options;
    private readonly ITopicSubscription _subscription;
    private readonly string _clientId;
    private readonly ExactlyOnceReceipts? _receipts;
    private readonly MqttDebug _debug;
    private volatile string _status = "Not connected: connecting";
    private long _connects;

    public MqttSubscriber(Node node, MsgClientOptions options, ITopicSubscription subscription)
    {
        _node = node;
        _options = options;
        _subscription = subscription;
        _clientId = options.ClientId ?? $"edgenode-{node.NodeId[..Math.Min(12, node.NodeId.Length)]}-{subscription.Id:D4}";
        _debug = node.Services.Get<MqttDebug>();
        // watching for PUBREL costs a copy of every packet: only for subscriptions with a QoS 2 topic
        if (options.Subscription.Topics.Any(t => t.Qos == 2)) _receipts = new ExactlyOnceReceipts();
    }

    /// <summary><c>Connected</c> or <c>Not connected: &lt;reason&gt;</c>, as <c>get msg clients</c> shows it.</summary>
    public string Status => _status;

    public bool IsConnected => _status == ConnectedStatus;

    /// <summary>How many times a connection was established (reconnects = this - 1).</summary>
    public long Connects => Interlocked.Read(ref _connects);

    public string ClientId => _clientId;

    public async Task RunAsync(CancellationToken stopping)
    {
        var factory = new MqttClientFactory();
        var retry = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            using var client = factory.CreateMqttClient();
            var connection = new Connection(this, client, stopping);
            try
            {
                await connection.RunAsync();
                retry = FirstRetry;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                SetDisconnected(Reason(e));
            }
            finally
            {
                await connection.CloseAsync();
            }
            try
            {
                await Task.Delay(Jitter(retry), stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
        _status = "Not connected: stopped";
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + Random.Shared.NextDouble() * 0.4);

    private const string ConnectedStatus = "Connected";
    private const string NotConnected = "Not connected: ";

    private void SetConnected()
    {
        _status = ConnectedStatus;
        _node.Log.Event($"Message client {_subscription.Id:D4}: connected to {_options.Broker} as '{_clientId}' and subscribed");
    }

    /// <summary>Shows why the client is not connected; a failure that repeats is logged once.</summary>
    private void SetDisconnected(string reason)
    {
        var status = NotConnected + reason;
        if (status == _status) return;
        _node.Log.Error(_status == ConnectedStatus
            ? $"Message client {_subscription.Id:D4}: connection to {_options.Broker} lost: {reason}"
            : $"Message client {_subscription.Id:D4}: cannot connect to {_options.Broker}: {reason}");
        _status = status;
    }

    private static string Reason(Exception e)
    {
        while (e.InnerException is not null && e is MqttCommunicationException or AggregateException) e = e.InnerException;
        return e.Message;
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_clientId)
            .WithProtocolVersion(_options.Protocol)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(ConnectTimeout);
        if (_options.Protocol == MqttProtocolVersion.V500)
        {
            // MQTT 5: the broker keeps at most this many unacknowledged messages in flight to us; the session outlives a
            // disconnect for a day unless clean_session = true
            builder.WithCleanStart(_options.CleanSession).WithReceiveMaximum(MaxInFlight)
                .WithSessionExpiryInterval(_options.CleanSession ? 0u : 86_400u);
        }
        else
        {
            builder.WithCleanSession(_options.CleanSession);
        }
        if (_options.User is not null) builder.WithCredentials(_options.User, _options.Password ?? "");
        if (_options.Ssl) builder.WithTlsOptions(Tls);
        return builder.Build();
    }

    private void Tls(MqttClientTlsOptionsBuilder tls)
    {
        tls.UseTls().WithTargetHost(_options.Host);
        if (_options.CaFile is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(_options.CaFile);
            // trust exactly the configured CA (a private broker's CA is not in the system store); the name must still match
            tls.WithTrustChain([ca]).WithCertificateValidationHandler(e =>
                (e.SslPolicyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && ChainsTo(e.Certificate, ca));
        }
        if (_options.CertFile is not null && _options.KeyFile is not null)
            tls.WithClientCertificates([X509Certificate2.CreateFromPemFile(_options.CertFile, _options.KeyFile)]);
    }

    private static bool ChainsTo(X509Certificate? presented, X509Certificate2 ca)
    {
        if (presented is null) return false;
        using var certificate = new X509Certificate2(presented);
        return Rest.RestTlsFiles.ChainsTo(certificate, ca);
    }

    /// <summary>
    /// One connection: receives messages into a bounded queue of pending acknowledgements and acknowledges them in order
    /// as their rows become durable. When it ends, every message still pending is journaled before it closes.
    /// </summary>
    private sealed class Connection
    {
        private readonly MqttSubscriber _owner;
        private readonly IMqttClient _client;
        private readonly CancellationToken _stopping;
        private readonly Channel<PendingMessage> _pending = Channel.CreateBounded<PendingMessage>(
            new BoundedChannelOptions(MaxInFlight) { SingleReader = true, SingleWriter = true });
        private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _acknowledging = Task.CompletedTask;
        private volatile bool _closing;

        public Connection(MqttSubscriber owner, IMqttClient client, CancellationToken stopping)
        {
            _owner = owner;
            _client = client;
            _stopping = stopping;
            client.ApplicationMessageReceivedAsync += ReceiveAsync;
            if (owner._receipts is { } receipts) client.InspectPacketAsync += receipts.InspectAsync;
            client.DisconnectedAsync += e =>
            {
                var reason = e.Exception is not null ? Reason(e.Exception) : $"disconnected ({e.Reason})";
                _lost.TrySetResult(e.ReasonString is { Length: > 0 } text ? $"{reason}: {text}" : reason);
                return Task.CompletedTask;
            };
        }

        public async Task RunAsync()
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping))
            {
                timeout.CancelAfter(ConnectTimeout);
                var connected = await _client.ConnectAsync(_owner.ClientOptions(), timeout.Token);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                    throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}".TrimEnd());
                if (!connected.IsSessionPresent) _owner._receipts?.Clear();
                _acknowledging = AcknowledgeAsync();
                await SubscribeAsync(timeout.Token);
            }
            Interlocked.Increment(ref _owner._connects);
            _owner.SetConnected();
            _owner.SetDisconnected(await _lost.Task.WaitAsync(_stopping));
        }

        /// <summary>Subscribes to every topic block; done after every (re)connect, whatever the broker says about the session.</summary>
        private async Task SubscribeAsync(CancellationToken cancellation)
        {
            var builder = new MqttClientSubscribeOptionsBuilder();
            foreach (var topic in _owner._options.Subscription.Topics)
                builder.WithTopicFilter(topic.Name, (MqttQualityOfServiceLevel)topic.Qos);
            var result = await _client.SubscribeAsync(builder.Build(), cancellation);
            var refused = result.Items.Where(i => (int)i.ResultCode >= 0x80).ToList();
            if (refused.Count > 0)
                throw new InvalidOperationException("the broker refused the subscription to " +
                                                    string.Join(", ", refused.Select(i => $"'{i.TopicFilter.Topic}' ({i.ResultCode})")));
        }

        private async Task ReceiveAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            // never acknowledged by MQTTnet: only once journaled. (MQTTnet acknowledges a message no handler sees, so the
            // handler stays attached until the connection is gone.)
            e.AutoAcknowledge = false;
            if (_closing) return; // neither journaled nor acknowledged: the broker sends it again
            var ingest = IngestAsync(e);
            try
            {
                await _pending.Writer.WriteAsync(new PendingMessage(ingest, e), _stopping);
            }
            catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
            {
                await ingest; // the connection is closing: the message is journaled but not acknowledged (the broker sends it again)
            }
        }

        /// <summary>Maps and journals the message; the payload is not used after this returns.</summary>
        private ValueTask<IngestResult> IngestAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            var message = e.ApplicationMessage;
            var debug = _owner._debug;
            var source = debug.On ? $"client {_owner._subscription.Id:D4} ({_owner._options.Broker})" : null;
            if (_owner._receipts?.IsRetransmission(e) == true)
            {
                if (source is not null) debug.Print(source, message.Topic, message.QualityOfServiceLevel, message.Payload, "retransmission of a journaled message");
                return ValueTask.FromResult(IngestResult.Ok()); // journaled already: acknowledged again, in order, and nothing else
            }
            return source is null
                ? _owner._subscription.IngestAsync(message.Topic, message.Payload, _stopping)
                : debug.WatchAsync(_owner._subscription.IngestAsync(message.Topic, message.Payload, _stopping), source, message.Topic,
                    message.QualityOfServiceLevel, message.Payload);
        }

        private async Task AcknowledgeAsync()
        {
            await foreach (var pending in _pending.Reader.ReadAllAsync(CancellationToken.None))
            {
                IngestResult result;
                try
                {
                    result = await pending.Ingest;
                }
                catch (Exception e)
                {
                    result = IngestResult.Error(ErrorCode.ProcessFailure, e.Message);
                }
                if (result.Code is ErrorCode.FileError or ErrorCode.ProcessFailure)
                {
                    // the rows are not durable: no acknowledgement, and a new session makes the broker send the message again
                    _lost.TrySetResult($"rows could not be stored: {result.Detail}");
                    continue;
                }
                if (pending.Message.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce || _lost.Task.IsCompleted)
                    continue;
                if (result.IsError) pending.Message.ReasonCode = MqttApplicationMessageReceivedReasonCode.PayloadFormatInvalid;
                else if (pending.Message.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
                    _owner._receipts?.Received(pending.Message.PacketIdentifier);
                try
                {
                    await pending.Message.AcknowledgeAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is MqttCommunicationException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
                {
                    // the connection is gone: the broker redelivers what was not acknowledged
                }
            }
        }

        /// <summary>Stops taking messages, journals those still pending, then disconnects.</summary>
        public async Task CloseAsync()
        {
            _closing = true;
            _lost.TrySetResult("closing");
            _pending.Writer.TryComplete();
            await _acknowledging;
            if (!_client.IsConnected) return;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
            {
                // already gone
            }
        }
    }
}
