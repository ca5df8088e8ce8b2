namespace EdgeNode.Core;

/// <summary>One entry of an in-memory node log.</summary>
public readonly record struct LogEntry(long Counter, DateTime Time, string Message);
