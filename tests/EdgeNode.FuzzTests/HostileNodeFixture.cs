namespace EdgeNode.FuzzTests;

/// <summary>One hostile node shared by the tests of a class (they run one after the other).</summary>
public sealed class HostileNodeFixture : IAsyncLifetime
{
    private HostileNode? _node;

    public HostileNode Node => _node ?? throw new InvalidOperationException("the node is not started");

    public async ValueTask InitializeAsync() => _node = await HostileNode.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
