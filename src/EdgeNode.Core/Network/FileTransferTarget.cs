namespace EdgeNode.Core.Network;

/// <summary>Where a <c>file write</c> transfer lands on the receiver: the generic flag of the header (SPEC §3.1).</summary>
public enum FileTransferTarget : ushort
{
    /// <summary>The path given in the command (<c>!var</c> references resolved by the receiver).</summary>
    Path = 0,
    /// <summary>The receiver's <c>!watch_dir</c> (data files for the operator).</summary>
    WatchDir = 1,
    /// <summary>A ledger file for the blockchain synchronizer.</summary>
    Ledger = 2,
    /// <summary>A command too large for one block, executed by the receiver.</summary>
    LargeCommand = 3,
}
