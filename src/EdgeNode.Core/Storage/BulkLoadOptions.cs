namespace EdgeNode.Core.Storage;

/// <summary>
/// How a bulk load behaves. <see cref="ReplaceTsdName"/>/<see cref="ReplaceTsdId"/> make a file load idempotent: the
/// load first deletes the rows a previous attempt of the same file left (<c>tsd_name = X and tsd_id = Y</c>, in every
/// partition of the table) inside the same transaction as the new rows, so a crash between commit and bookkeeping and
/// the reload that follows never duplicates rows.
/// </summary>
public sealed record BulkLoadOptions
{
    public static readonly BulkLoadOptions Default = new();

    public string? ReplaceTsdName { get; init; }

    public long? ReplaceTsdId { get; init; }

    /// <summary>Create a missing partition table on demand with the table's schema and indexes (default true).</summary>
    public bool CreatePartitions { get; init; } = true;
}
