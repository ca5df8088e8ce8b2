using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// EdgeNode nodes deployed from EdgeLake's env files with the options users switch on, in their own network namespace:
/// a master; an operator on PostgreSQL (a real server, reached on its Unix socket), subscribed to a real mosquitto broker
/// (started inside the namespace), with node monitoring stored on the node, aggregations asked for, HA on, MCP off, and the
/// features EdgeNode does not have (video streaming, OPC-UA, Nebula) switched on; and a generic node, whose env file
/// declares a message broker; and a query node started by the docker example's entry point. Nothing starts where the EdgeLake peer is absent.
/// </summary>
public sealed class DeployedOptions : IAsyncLifetime
{
    public const string MqttTable = "mqtt_readings";

    private readonly List<IAsyncDisposable> _owned = [];

    public NetworkNamespace Namespace { get; private set; } = null!;
    public MosquittoServer Mosquitto { get; private set; } = null!;
    public DeployedNode Master { get; private set; } = null!;
    public DeployedNode Operator { get; private set; } = null!;
    public DeployedNode Generic { get; private set; } = null!;

    /// <summary>A query node started as EdgeNode's image starts one (<c>deploy/docker/entrypoint.sh</c>, the published single file).</summary>
    public DeployedNode ImageQuery { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (PeerFolder.Path is null) return;
        Namespace = Own(await NetworkNamespace.CreateAsync());
        var postgres = Own(await PostgresServer.StartAsync(cancellation: TestContext.Current.CancellationToken));
        Mosquitto = Own(await MosquittoServer.StartAsync(launch: Namespace.Inside));
        string[] common = ["OVERLAY_IP=127.0.0.1", "TCP_BIND=true", "REST_BIND=true", "BROKER_BIND=true"];
        Master = Own(DeployedNode.Start(Namespace, "options-master", "master", onEdgeLake: false, 32049, common));
        await Master.DeployedAsync(DeployedNetwork.DeployBudget);
        Operator = Own(DeployedNode.Start(Namespace, "options-operator", "operator", onEdgeLake: false, 32149,
        [
            .. common,
            "DB_TYPE=psql", $"DB_IP={postgres.SocketDirectory}", $"DB_PORT={postgres.Port}", $"DB_USER={postgres.User}", "DB_PASSWD=unused",
            "ENABLE_MQTT=true", "MQTT_BROKER=127.0.0.1", $"MQTT_PORT={Mosquitto.Port}",
            "NODE_MONITORING=true", "STORE_MONITORING=true", "ENABLE_AGGREGATIONS=true", "ENABLE_MCP=false",
            "ENABLE_VIDEO_STREAMING=true", "ENABLE_OPCUA=true", "ENABLE_NEBULA=true", "ENABLE_HA=true",
        ]));
        Generic = Own(DeployedNode.Start(Namespace, "options-generic", "generic", onEdgeLake: false, 32549, common));
        ImageQuery = Own(DeployedNode.StartFromImageLayout(Namespace, "options-image-query", "query", 32349, common));
        await Task.WhenAll(Operator.DeployedAsync(DeployedNetwork.DeployBudget), Generic.DeployedAsync(DeployedNetwork.DeployBudget),
            ImageQuery.DeployedAsync(DeployedNetwork.DeployBudget));
    }

    /// <summary>Publishes one message to the broker the operator subscribes to, as a device would (mosquitto_pub in the namespace).</summary>
    public async Task PublishAsync(string payload)
    {
        var info = Namespace.StartInfo("mosquitto_pub", "-h", "127.0.0.1", "-p", Mosquitto.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", "anylog-demo", "-q", "1", "-m", payload);
        using var publisher = System.Diagnostics.Process.Start(info)!;
        await publisher.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(publisher.ExitCode == 0, $"mosquitto_pub failed: {await publisher.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
    }

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
