namespace EdgeNode.Metadata.Ledger;

/// <summary>What the parallel pass found on one ledger line: type, id, whether it is a local-only policy, or why it is invalid.</summary>
internal readonly record struct LineScan(string Type, string Id, bool Local, string? Error);
