namespace EdgeNode.TestSupport;

/// <summary>
/// One PostgreSQL server for a whole test run (xunit assembly fixture: <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>),
/// shared by every test that takes it in its constructor. Tests isolate themselves with their own database names.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL fixture not started");

    /// <summary>A database name no other test uses (a logical DBMS maps to a database of the same name).</summary>
    public static string UniqueDatabase(string prefix = "t") => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
