using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

/// <summary>The policies a bring works on after expansion, and their parent paths when <c>bring.paths</c> asked for them.</summary>
internal sealed record BringInput(IReadOnlyList<Policy> Policies, IReadOnlyList<string>? Paths);
