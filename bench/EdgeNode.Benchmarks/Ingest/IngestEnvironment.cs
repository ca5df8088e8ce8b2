using EdgeNode.Core.Storage;
using EdgeNode.Storage;
using EdgeNode.TestSupport;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// What cases share in one run: a temp directory for SQLite files, a durable PostgreSQL server started on first use
/// (fsync on, as a production server), and EdgeNode's DBMS registry.
/// </summary>
public sealed class IngestEnvironment : IAsyncDisposable
{
    private PostgresServer? _postgres;
    private readonly DbmsRegistry _registry = new(TimeProvider.System);
    private readonly List<IAsyncDisposable> _owned = [];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("edgenode-bench-").FullName;

    public IDbmsRegistry Registry => _registry;

    public async Task<PostgresServer> PostgresAsync(CancellationToken cancellation) =>
        _postgres ??= await PostgresServer.StartAsync(durable: true, cancellation);

    /// <summary>A connected EdgeNode DBMS (SQLite file in <see cref="Directory"/>, or a database on the benchmark server).</summary>
    public async Task<IDbms> DbmsAsync(string engine, string name, CancellationToken cancellation)
    {
        if (_registry.Find(name) is { } connected) return connected;
        if (engine == "sqlite")
            return await _registry.ConnectAsync(new DbmsConnectOptions(name, DbmsEngine.Sqlite) { Directory = Directory }, cancellation);
        var server = await PostgresAsync(cancellation);
        return await _registry.ConnectAsync(new DbmsConnectOptions(name, DbmsEngine.PostgreSql) { Port = server.Port, User = server.User }, cancellation);
    }

    /// <summary>Something a case keeps across runs (an in-process node), disposed with the environment.</summary>
    public T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in _owned) await resource.DisposeAsync();
        await _registry.CloseAllAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // temp space
        }
    }
}
