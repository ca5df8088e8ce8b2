using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Wire;

/// <summary>
/// One positional column of a <c>job reply</c> row (<c>{"Query":[{"0":"...","1":"..."}]}</c>): its type, and whether it
/// is the first key of an <c>increments(...)</c> bucket, which EdgeLake operators send in their own text form
/// (<c>2026-01-15 08:00:0.0</c>) so that every operator's bucket keys group together on an EdgeLake query node.
/// </summary>
internal sealed record WireColumn(ColumnType Type, bool IncrementsKey = false)
{
    public static readonly WireColumn Text = new(ColumnType.Varchar);
}
