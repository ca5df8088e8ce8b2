using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeNode.Core;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Mqtt.Broker;
using EdgeNode.Network.Rest;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// <c>run message broker</c>: the node's own MQTT broker (<see cref="MqttBroker"/>, on System.IO.Pipelines) for MQTT
/// 3.1, 3.1.1 and 5 clients. Beyond EdgeLake's minimal server it delivers every PUBLISH to the clients subscribed to its
/// topic (fan-out, shared subscriptions), keeps retained messages, publishes wills (with their delay), keeps persistent
/// sessions with their messages in flight across restarts, enforces keep alive, MQTT 5 limits and per-topic permissions,
/// and can require a user/password and TLS. Topics mapped by <c>run msg client where broker = local</c> are ingested on
/// the way through (<see cref="BrokerIngest"/>), acknowledged only once journaled.
/// </summary>
internal sealed class MessageBrokerProcess : NodeProcess, IListenerProcess
{
    private readonly RestTlsFiles? _tls;
    private readonly BrokerIngest _ingest;
    private readonly MqttBroker _broker;
    private BrokerListener? _listener;
    private Task _journaling = Task.CompletedTask;

    public MessageBrokerProcess(Node node, BrokerOptions options, RestTlsFiles? tls, TopicPermissions permissions) : base(node.Log)
    {
        _tls = tls;
        Options = options;
        Statistics = new BrokerStatistics(node.Time);
        _ingest = new BrokerIngest(node, Statistics, options.Threads);
        _broker = new MqttBroker(node, options, Statistics, _ingest, permissions);
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
    public Task<int> ClientCountAsync() => Task.FromResult(_broker.ClientCount);

    protected override string DescribeConfiguration() =>
        $"Listening on: {Options.Address.InternalAddress}, Threads Pool: {Options.Threads}" + (Options.Ssl ? ", SSL: True" : "");

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        X509Certificate2? certificate = null;
        Func<X509Certificate, bool>? clientCertificate = null;
        if (_tls is not null)
        {
            var (server, ca) = _tls.Load();
            certificate = server;
            // with a CA, a client must present a certificate that chains to it
            if (ca is not null) clientCertificate = presented => ChainsTo(presented, ca);
        }
        _broker.Load();
        var listener = new BrokerListener(_broker, new IPEndPoint(Options.Address.ListenAddress, Options.Address.InternalPort), certificate, clientCertificate);
        listener.Start();
        _listener = listener;
        _journaling = _ingest.RunAsync();
        return Task.CompletedTask;
    }

    private static bool ChainsTo(X509Certificate presented, X509Certificate2 ca)
    {
        using var certificate = new X509Certificate2(presented);
        return RestTlsFiles.ChainsTo(certificate, ca);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) => _broker.RunAsync(stopping);

    protected override async Task OnStoppingAsync(CancellationToken cancellation)
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is null) return;
        try
        {
            await listener.StopAsync();
            await _broker.WillsPublishedAsync();
        }
        finally
        {
            _broker.Save();
            _ingest.Complete();
            await _journaling; // every QoS 0 message received is journaled before the broker is reported stopped
        }
    }
}
