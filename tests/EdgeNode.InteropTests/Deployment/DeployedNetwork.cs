using System.Text.Json;
using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// A network deployed from EdgeLake's docker-compose env files in its own <see cref="NetworkNamespace"/>: a master, two
/// operators and a query node, each from its configs folder with only ports, OVERLAY_IP and the bind flags overridden (the
/// second operator also needs its own NODE_NAME and CLUSTER_NAME: two operators of one env file would claim one name, which
/// EdgeLake's master refuses, and one cluster). The master and the first operator run on EdgeLake or EdgeNode as asked;
/// the second operator and the query node on EdgeNode. Rows are PUT into both operators once all are deployed.
/// </summary>
public sealed class DeployedNetwork(string name, bool masterOnEdgeLake, bool operatorOnEdgeLake) : IAsyncDisposable
{
    /// <summary>How long one node may take to deploy (EdgeLake's scripts wait 5 s twice per policy; the machine is shared).</summary>
    public static readonly TimeSpan DeployBudget = TimeSpan.FromSeconds(240);

    public const string Dbms = "new_company";
    public const string Table = "readings";

    private readonly List<IAsyncDisposable> _owned = [];

    public string Name { get; } = name;
    public NetworkNamespace Namespace { get; private set; } = null!;
    public DeployedNode Master { get; private set; } = null!;
    public DeployedNode Operator1 { get; private set; } = null!;
    public DeployedNode Operator2 { get; private set; } = null!;
    public DeployedNode Query { get; private set; } = null!;

    public IReadOnlyList<DeployedNode> Nodes => [Master, Operator1, Operator2, Query];
    public IReadOnlyList<DeployedNode> Operators => [Operator1, Operator2];

    /// <summary>The rows PUT into each operator: two per operator, distinct timestamps.</summary>
    public static IReadOnlyList<string> RowsFor(int operatorNumber) =>
    [
        $"{{\"device\": \"op{operatorNumber}-a\", \"value\": {operatorNumber}.5, \"timestamp\": \"2026-01-15T08:{operatorNumber}0:00Z\"}}",
        $"{{\"device\": \"op{operatorNumber}-b\", \"value\": {operatorNumber}.25, \"timestamp\": \"2026-01-15T08:{operatorNumber}1:00Z\"}}",
    ];

    public async Task StartAsync()
    {
        Namespace = Own(await NetworkNamespace.CreateAsync());
        string[] common = ["OVERLAY_IP=127.0.0.1", "TCP_BIND=true", "REST_BIND=true", "BROKER_BIND=true"];
        Master = Own(DeployedNode.Start(Namespace, $"{Name}-master", "master", masterOnEdgeLake, 32049, common));
        await Master.DeployedAsync(DeployBudget);
        Operator1 = Own(DeployedNode.Start(Namespace, $"{Name}-operator1", "operator", operatorOnEdgeLake, 32149, common));
        Operator2 = Own(DeployedNode.Start(Namespace, $"{Name}-operator2", "operator", onEdgeLake: false, 32159,
            [.. common, "ANYLOG_SERVER_PORT=32158", "ANYLOG_REST_PORT=32159", "NODE_NAME=edgelake-operator2", "CLUSTER_NAME=new-company-cluster2"]));
        Query = Own(DeployedNode.Start(Namespace, $"{Name}-query", "query", onEdgeLake: false, 32349, common));
        await Task.WhenAll(Operator1.DeployedAsync(DeployBudget), Operator2.DeployedAsync(DeployBudget), Query.DeployedAsync(DeployBudget));
        await Operator1.Rest.PutRowsAsync(Dbms, Table, "[" + string.Join(", ", RowsFor(1)) + "]");
        await Operator2.Rest.PutRowsAsync(Dbms, Table, "[" + string.Join(", ", RowsFor(2)) + "]");
    }

    /// <summary>The policies of the master's ledger, in ledger order.</summary>
    public async Task<IReadOnlyList<JsonElement>> PoliciesAsync()
    {
        var text = await Master.Rest.GetAsync("blockchain get *");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
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
