using EdgeNode.Core;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Network.Sync;

/// <summary>
/// One sync of a master from its own ledger table (<c>source = dbms</c>): the table is exported, and when its md5 differs
/// from the ledger file's the export becomes the ledger (local-only policies kept and added to the table).
/// </summary>
internal sealed class TableSync(Node node, ILedgerSync ledger, LedgerExporter exporter, LedgerApplier applier)
{
    public async Task<string?> RunAsync(CancellationToken cancellation)
    {
        if (node.Services.Find<ILedgerTable>() is not { IsConnected: true } table)
            return "the ledger table is not connected: connect dbms blockchain where type = sqlite";
        var staged = SyncFiles.NewFile(node) + ".dbms";
        await using var snapshot = await exporter.ExportAsync(table, staged, open: false, cancellation);
        if (snapshot.Version == ledger.Version)
        {
            File.Delete(staged);
            return null;
        }
        return await applier.ApplyAsync(staged, cancellation);
    }
}
