namespace EdgeNode.Query.Responder;

/// <summary>One physical table an operator reads for a query: a table or one of its partitions, and the logical table it belongs to.</summary>
internal sealed record QueryPart(string Table, string Physical);
