using EdgeNode.Core.Binding;

namespace EdgeNode.Query.Execution;

/// <summary>An operator a query goes to, the tables it answers for (the query's table and included ones it hosts) and its name.</summary>
internal sealed record QueryTarget(IpPort Address, IReadOnlyList<string> Tables, string Name);
