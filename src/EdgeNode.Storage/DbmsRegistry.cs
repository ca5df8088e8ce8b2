using System.Collections.Concurrent;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Postgres;
using EdgeNode.Storage.Sqlite;

namespace EdgeNode.Storage;

/// <summary>The node's DBMS connections by logical name (case-insensitive, as EdgeLake lowercases names).</summary>
internal sealed class DbmsRegistry(TimeProvider time) : IDbmsRegistry
{
    private readonly ConcurrentDictionary<string, Dbms> _connected = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _connecting = new(1, 1);

    public IReadOnlyList<IDbms> Connected => _connected.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList<IDbms>();

    public IDbms? Find(string name) => _connected.GetValueOrDefault(name);

    public async Task<IDbms> ConnectAsync(DbmsConnectOptions options, CancellationToken cancellation = default)
    {
        if (!SqlText.IsIdentifier(options.Name))
            throw new StorageException(ErrorCode.WrongOptionType,
                $"'{options.Name}' is not a valid DBMS name (letters, digits and '_', not starting with a digit)");
        var name = options.Name.ToLowerInvariant();
        await _connecting.WaitAsync(cancellation);
        try
        {
            if (_connected.ContainsKey(name))
                throw new StorageException(ErrorCode.DbmsAlreadyConnected, $"DBMS '{name}' is already connected");
            SqlEngine engine;
            try
            {
                engine = options.Engine == DbmsEngine.Sqlite
                    ? await SqliteEngine.OpenAsync(options with { Name = name }, cancellation)
                    : await PostgresEngine.OpenAsync(options with { Name = name }, cancellation);
            }
            catch (Exception e) when (e is not StorageException and not OperationCanceledException)
            {
                var where = options.Engine == DbmsEngine.Sqlite
                    ? (options.Memory ? "in memory" : $"in {options.Directory}")
                    : $"on {options.Host}:{options.Port}";
                throw new StorageException(ErrorCode.DbmsError, $"failed to connect DBMS '{name}' {where}: {e.Message}", e);
            }
            var dbms = new Dbms(name, options.Engine, engine, time);
            _connected[name] = dbms;
            return dbms;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async Task<bool> DisconnectAsync(string name)
    {
        if (!_connected.TryRemove(name, out var dbms)) return false;
        await dbms.DisposeAsync();
        return true;
    }

    /// <summary>Closes every connection (node shutdown).</summary>
    public async Task CloseAllAsync()
    {
        foreach (var name in _connected.Keys.ToList()) await DisconnectAsync(name);
    }
}
