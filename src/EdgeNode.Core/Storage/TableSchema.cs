namespace EdgeNode.Core.Storage;

/// <summary>The columns of a logical table, in declaration order. Names are compared case-insensitively.</summary>
public sealed record TableSchema(string Table, IReadOnlyList<ColumnSchema> Columns)
{
    public ColumnSchema? Find(string column)
    {
        foreach (var c in Columns)
            if (c.Name.Equals(column, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].Name.Equals(column, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
