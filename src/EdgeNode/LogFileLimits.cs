namespace EdgeNode;

/// <summary>How large the log file may grow before it rotates, and how many files (the current one included) are kept.</summary>
internal sealed record LogFileLimits(long MaxBytes, int MaxFiles)
{
    /// <summary>10 MB per file, 5 files: at most 50 MB of log.</summary>
    public static readonly LogFileLimits Default = new(10L * 1024 * 1024, 5);
}
