namespace EdgeNode;

/// <summary>
/// An exclusive lock on the node home, held for the life of the process: two nodes on one home would load the same
/// watch dir and journals twice (duplicated rows) and fight over its ledger and tsd_info. The lock is the OS file lock
/// .NET takes for <see cref="FileShare.None"/> (flock on Linux), released by the kernel when the process ends, however
/// it ends: no stale lock file to clean up after a crash.
/// </summary>
internal sealed class HomeLock : IDisposable
{
    private readonly FileStream _file;

    private HomeLock(FileStream file) => _file = file;

    public static string PathIn(string home) => Path.Combine(home, "EdgeLake", "edgenode.lock");

    /// <summary>Takes the lock, or returns null with the reason when another process holds it or it cannot be created.</summary>
    public static HomeLock? TryTake(string home, out string error)
    {
        var path = PathIn(home);
        error = "";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            file.Flush();
            return new HomeLock(file);
        }
        catch (IOException e)
        {
            error = $"the node home {home} is in use by another running node (lock {path}: {e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"the node home {home} cannot be locked ({path}: {e.Message})";
        }
        return null;
    }

    public void Dispose() => _file.Dispose();
}
