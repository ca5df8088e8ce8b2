using EdgeNode.Query.Wire;

namespace EdgeNode.Query.Responder;

/// <summary>The SQL an operator runs on one physical table and the layout of its reply rows (null: sent as the database names them).</summary>
internal sealed record PartQuery(QueryPart Part, string Sql, IReadOnlyList<WireColumn>? Columns);
