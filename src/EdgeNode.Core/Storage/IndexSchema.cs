namespace EdgeNode.Core.Storage;

/// <summary>A secondary index of a table (primary keys are described by <see cref="ColumnSchema.PrimaryKey"/>).</summary>
public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool Unique);
