namespace EdgeNode.Core.Metadata;

/// <summary>Outcome of <see cref="ILedgerSync.ReplaceAsync"/>: the new version and the local-only policies carried over.</summary>
public sealed record LedgerReplaceResult(string Version, int PolicyCount, IReadOnlyList<Policy> KeptLocalPolicies);
