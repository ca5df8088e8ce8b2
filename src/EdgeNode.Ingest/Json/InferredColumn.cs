namespace EdgeNode.Ingest.Json;

/// <summary>A user column of a table inferred from JSON: its normalized name and type.</summary>
public sealed record InferredColumn(string Name, ColumnType Type);
