using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Ingest;

/// <summary>Why a row cannot be stored: an error code and a message naming the row and the value or attribute.</summary>
public readonly record struct RowProblem(ErrorCode Code, string Message);
