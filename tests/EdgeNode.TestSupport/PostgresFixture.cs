namespace EdgeNode.TestSupport;

/// <summary>
/// One PostgreSQL server for a whole test run (xunit assembly fixture: <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>),
/// shared by every test that takes it in its constructor. The server starts when a test first asks for it, so test
/// assemblies whose tests do not use PostgreSQL never pay for it (nor fail without it). Tests isolate themselves with
/// their own database names.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly Lazy<Task<PostgresServer>> _server = new(() => PostgresServer.StartAsync());

    /// <summary>The running server, started on first use.</summary>
    public Task<PostgresServer> ServerAsync() => _server.Value;

    /// <summary>A database name no other test uses (a logical DBMS maps to a database of the same name).</summary>
    public static string UniqueDatabase(string prefix = "t") => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated) await (await _server.Value).DisposeAsync();
    }
}
