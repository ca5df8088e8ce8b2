using EdgeNode.Core;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Network.Sync;

/// <summary>
/// One sync of a master from its own ledger table (<c>source = dbms</c>): when the table changed since the last sync (its
/// stamp), it is exported, and when the export's md5 differs from the ledger file's the export becomes the ledger
/// (local-only policies kept and added to the table).
/// </summary>
internal sealed class TableSync(Node node, ILedgerSync ledger, LedgerExporter exporter, LedgerApplier applier)
{
    private (LedgerTableStamp Stamp, string Version)? _synced;

    public async Task<string?> RunAsync(CancellationToken cancellation)
    {
        if (node.Services.Find<ILedgerTable>() is not { IsConnected: true } table)
            return "the ledger table is not connected: connect dbms blockchain where type = sqlite";
        var stamp = await table.StampAsync(cancellation);
        if (_synced is { } synced && synced.Stamp == stamp && synced.Version == ledger.Version) return null;
        var staged = SyncFiles.NewFile(node) + ".dbms";
        await using var snapshot = await exporter.ExportAsync(table, staged, open: false, cancellation);
        string? error = null;
        if (snapshot.Version == ledger.Version) File.Delete(staged);
        else error = await applier.ApplyAsync(staged, cancellation);
        if (error is null) _synced = (stamp, ledger.Version);
        return error;
    }
}
