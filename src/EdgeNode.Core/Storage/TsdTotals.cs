namespace EdgeNode.Core.Storage;

/// <summary>The entries of a <see cref="TsdRange"/>: how many files, their rows, and the first and last row id (0 when none).</summary>
public sealed record TsdTotals(long Files, long Rows, long FirstId, long LastId)
{
    public static readonly TsdTotals None = new(0, 0, 0, 0);
}
