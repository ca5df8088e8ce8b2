namespace EdgeNode.Ingest.Operator;

/// <summary>What the node writes in its own columns of every row of a file: the insert time and the file's TSD member and row id.</summary>
internal readonly record struct RowStamp(DateTime InsertTime, string TsdName, long TsdId);
