namespace EdgeNode.Core.Storage;

/// <summary>What a committed bulk load wrote: rows in total and per physical table (partitions included).</summary>
public sealed record BulkLoadResult(long Rows, IReadOnlyDictionary<string, long> RowsByTable, long ReplacedRows);
