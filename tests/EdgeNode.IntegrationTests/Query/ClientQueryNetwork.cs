using EdgeNode.TestSupport.Client;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>The 4-node EdgeNode network of <see cref="ClientQueryTests"/>, started once for the class.</summary>
public sealed class ClientQueryNetwork : IAsyncLifetime
{
    public ClientNetwork Network { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Network = await ClientNetwork.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Network is not null) await Network.DisposeAsync();
    }
}
