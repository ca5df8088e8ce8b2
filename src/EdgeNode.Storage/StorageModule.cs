using EdgeNode.Core;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Commands;
using EdgeNode.Storage.TimeFiles;

namespace EdgeNode.Storage;

/// <summary>
/// Local databases: <c>connect dbms</c>, tables, <c>sql</c>, partitions, the file ledger (<c>time file</c>). Offers
/// <see cref="IDbmsRegistry"/>, <see cref="ITimeFiles"/> and the master's ledger table (<see cref="Core.Metadata.ILedgerTable"/>) to other modules; closes every connection at shutdown.
/// </summary>
public sealed class StorageModule : ICommandModule
{
    public void Register(Node node)
    {
        var registry = new DbmsRegistry(node.Time);
        node.Services.Add<IDbmsRegistry>(registry);
        node.Services.Add<ITimeFiles>(new TimeFileStore(registry));
        node.Services.Add<Core.Metadata.ILedgerTable>(new LedgerTable(registry));
        node.OnShutdown(registry.CloseAllAsync);
        // after a burst, idle pooled SQLite connections are closed with their page caches (reopened on the next use)
        node.Memory.OnTrim(Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools);
        node.Memory.OnTrim(Sqlite.LoadArrayPools.Drop);
        DbmsCommands.Register(node);
        TableInfoCommands.Register(node);
        SqlCommand.Register(node);
        PartitionCommands.Register(node);
        TimeFileCommands.Register(node);
    }
}
