using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Operator;

/// <summary>A change schema drift makes to a table: a new column, or an existing one widened.</summary>
internal sealed record ColumnChange(string Column, ColumnType Type, int? Length, bool IsNew)
{
    public override string ToString() => IsNew ? $"added column {Column} {Type.ToString().ToLowerInvariant()}" : $"widened column {Column} to {Type.ToString().ToLowerInvariant()}";
}
