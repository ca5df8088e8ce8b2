namespace EdgeNode.Metadata.Query;

/// <summary>One item after <c>bring</c>: a key into the policy, or a literal text printed as is.</summary>
internal sealed record BringItem(PolicyPath? Key, string? Literal);
