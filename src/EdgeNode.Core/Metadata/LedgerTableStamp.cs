namespace EdgeNode.Core.Metadata;

/// <summary>
/// A cheap fingerprint of the master's ledger table (<see cref="ILedgerTable.StampAsync"/>): its rows, highest sequence
/// id, and the writes made through <see cref="ILedgerTable"/> by this node. While it stays the same, an export of the
/// table can be reused instead of reading every row again.
/// </summary>
public readonly record struct LedgerTableStamp(long Rows, long LastSequence, long Writes);
