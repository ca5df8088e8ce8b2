namespace EdgeNode.Network.Sync;

/// <summary>Where <c>run blockchain sync</c> takes the ledger from.</summary>
internal enum SyncSource : byte
{
    /// <summary>A master node, asked with <c>event get_blockchain</c> over TCP.</summary>
    Master,
    /// <summary>This master's own ledger table (<c>blockchain.ledger</c>), exported to the ledger file when it changed.</summary>
    Dbms,
}
