using System.Text;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>The conditions of one table and the columns they read, replaced as a whole when a condition is added or removed.</summary>
internal sealed record TableConditions(string Dbms, string Table, string[] Columns, StreamingCondition[] Conditions)
{
    /// <summary>The column names as UTF-8, compared with the row's property names without decoding them.</summary>
    public byte[][] ColumnBytes { get; } = Columns.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>True when a condition drops rows (<c>ignore entry</c>): the rows are tested before they are stored.</summary>
    public bool DropsRows { get; } = Conditions.Any(c => c.IgnoresEntry);
}
