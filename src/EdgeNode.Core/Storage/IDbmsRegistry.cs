namespace EdgeNode.Core.Storage;

/// <summary>
/// The DBMS connections of the node (<c>connect dbms</c> / <c>disconnect dbms</c> / <c>get databases</c>). Registered
/// by the storage module as a node service: <c>node.Services.Get&lt;IDbmsRegistry&gt;()</c>.
/// </summary>
public interface IDbmsRegistry
{
    IReadOnlyList<IDbms> Connected { get; }

    IDbms? Find(string name);

    /// <summary>Connects a logical DBMS; throws <see cref="StorageException"/> (e.g. already connected, server unreachable).</summary>
    Task<IDbms> ConnectAsync(DbmsConnectOptions options, CancellationToken cancellation = default);

    /// <summary>Closes a connection; false when it was not connected.</summary>
    Task<bool> DisconnectAsync(string name);
}
