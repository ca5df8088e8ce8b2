using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests.Deployment;

/// <summary>
/// The two deployments the tests of <see cref="DeploymentCollection"/> look at, started side by side (each in its own
/// network namespace, so both use the ports of the env files): every node on EdgeNode, and a mixed one whose master and
/// first operator run on EdgeLake. Nothing starts where the EdgeLake peer is absent; the tests then skip.
/// </summary>
public sealed class DeploymentNetworks : IAsyncLifetime
{
    public DeployedNetwork EdgeNode { get; } = new("en", masterOnEdgeLake: false, operatorOnEdgeLake: false);
    public DeployedNetwork Mixed { get; } = new("mixed", masterOnEdgeLake: true, operatorOnEdgeLake: true);

    public async ValueTask InitializeAsync()
    {
        if (PeerFolder.Path is null) return;
        await Task.WhenAll(EdgeNode.StartAsync(), Mixed.StartAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await EdgeNode.DisposeAsync();
        await Mixed.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentNetworks>
{
    public const string Name = "deployments from EdgeLake's docker-compose files";
}
