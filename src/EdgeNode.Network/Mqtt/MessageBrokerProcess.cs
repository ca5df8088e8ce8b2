using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeNode.Core;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Rest;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// <c>run message broker</c>: a real MQTT broker (MQTTnet.Server) for MQTT 3.1, 3.1.1 and 5 clients. Beyond EdgeLake's
/// minimal server it delivers every PUBLISH to the clients subscribed to its topic (fan-out), keeps retained messages,
/// publishes wills, keeps persistent sessions (clean session = false) with their queued messages, keeps sessions and
/// retained messages across restarts (<see cref="BrokerSessionStore"/>, <see cref="RetainedMessageStore"/>), enforces keep-alive,
/// and can require a user/password and TLS. Topics mapped by <c>run msg client where broker = local</c> are ingested on
/// the way through (<see cref="BrokerIngest"/>), acknowledged only once journaled. QoS 1 is answered with PUBACK
/// (EdgeLake answers PUBREC, which breaks <c>mosquitto_pub -q 1</c>).
/// </summary>
internal sealed class MessageBrokerProcess : NodeProcess, IListenerProcess
{
    private readonly Node _node;
    private readonly RestTlsFiles? _tls;
    private readonly BrokerIngest _ingest;
    private readonly RetainedMessageStore _retained;
    private readonly BrokerSessionStore _sessions;
    private MqttServer? _server;
    private Task _journaling = Task.CompletedTask;

    public MessageBrokerProcess(Node node, BrokerOptions options, RestTlsFiles? tls) : base(node.Log)
    {
        _node = node;
        _tls = tls;
        Options = options;
        Statistics = new BrokerStatistics(node.Time);
        _ingest = new BrokerIngest(node, Statistics, options.Threads);
        _retained = new RetainedMessageStore(node);
        _sessions = new BrokerSessionStore(node, options.MaxPending);
    }

    public BrokerOptions Options { get; }
    public BrokerStatistics Statistics { get; }

    /// <summary><c>MSG Pool with 6 threads:</c> padded to 60, busy flags, messages handled; with <paramref name="details"/> the topic each worker maps.</summary>
    public string DescribePool(bool details) => _ingest.Threads.Describe("MSG", details);

    public override string Name => ProcessNames.MessageBroker;
    public override ShutdownStage Stage => ShutdownStage.Listener;
    public string ExternalAddress => Options.Address.ExternalAddress;
    public string InternalAddress => Options.Address.InternalAddress;
    public string BindAddress => Options.Address.BindAddress;

    /// <summary>Clients connected now.</summary>
    public async Task<int> ClientCountAsync() => _server is { } server ? (await server.GetClientsAsync()).Count : 0;

    protected override string DescribeConfiguration() =>
        $"Listening on: {Options.Address.InternalAddress}, Threads Pool: {Options.Threads}" + (Options.Ssl ? ", SSL: True" : "");

    protected override async Task OnStartingAsync(CancellationToken cancellation)
    {
        var builder = new MqttServerOptionsBuilder()
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(Options.MaxPending)
            .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(30));
        if (_tls is null)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(Options.Address.ListenAddress)
                .WithDefaultEndpointPort(Options.Address.InternalPort).WithDefaultEndpointReuseAddress();
        }
        else
        {
            var (certificate, ca) = _tls.Load();
            builder.WithoutDefaultEndpoint().WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(Options.Address.ListenAddress)
                .WithEncryptedEndpointPort(Options.Address.InternalPort).WithTlsEndpointReuseAddress()
                .WithEncryptionCertificate(certificate).WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            // with a CA, a client must present a certificate that chains to it
            if (ca is not null) builder.WithClientCertificate((_, presented, _, _) => presented is not null && ChainsTo(presented, ca));
        }
        var server = new MqttServerFactory().CreateMqttServer(builder.Build(), [new ClientIdAssigningAdapter()]);
        server.ValidatingConnectionAsync += ValidateAsync;
        _retained.Attach(server);
        _sessions.Attach(server);
        server.InterceptingInboundPacketAsync += _ingest.OnInboundAsync;
        server.InterceptingPublishAsync += _ingest.OnPublishAsync;
        server.InterceptingOutboundPacketAsync += _ingest.OnOutboundAsync;
        server.ClientSubscribedTopicAsync += _ => Count(BrokerStatistics.Subscribe);
        server.ClientUnsubscribedTopicAsync += _ => Count(BrokerStatistics.Unsubscribe);
        server.ClientDisconnectedAsync += e => e.DisconnectType == MqttClientDisconnectType.Clean
            ? Count(BrokerStatistics.Disconnect)
            : Error(BrokerStatistics.Disconnect, e.DisconnectType.ToString(), $"client '{e.ClientId}' ({e.RemoteEndPoint}): {e.DisconnectType}");
        await server.StartAsync();
        _server = server;
        _journaling = _ingest.RunAsync();
    }

    private static bool ChainsTo(X509Certificate presented, X509Certificate2 ca)
    {
        using var certificate = new X509Certificate2(presented);
        return RestTlsFiles.ChainsTo(certificate, ca);
    }

    private Task Count(string @event)
    {
        Statistics.Success(@event);
        return Task.CompletedTask;
    }

    private Task Error(string @event, string code, string details)
    {
        Statistics.Error(@event, code, details);
        return Task.CompletedTask;
    }

    private Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId)) e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        if (Options.User is not null && (e.UserName != Options.User || (Options.Password is not null && e.Password != Options.Password)))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return Error(BrokerStatistics.Connect, "BadUserNameOrPassword", $"client '{e.ClientId}' ({e.RemoteEndPoint}): wrong user name or password");
        }
        _sessions.Connecting(e);
        return Count(BrokerStatistics.Connect);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        _server is { } server ? Task.WhenAll(_retained.RunAsync(server, stopping), _sessions.RunAsync(stopping)) : Task.CompletedTask;

    protected override async Task OnStoppingAsync(CancellationToken cancellation)
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is null) return;
        try
        {
            await _retained.SaveIfChangedAsync(server); // GetRetainedMessagesAsync needs a running server
            await server.StopAsync();
        }
        finally
        {
            _sessions.SaveIfChanged();
            server.Dispose();
            _ingest.Complete();
            await _journaling; // every QoS 0 message received is journaled before the broker is reported stopped
        }
    }
}
