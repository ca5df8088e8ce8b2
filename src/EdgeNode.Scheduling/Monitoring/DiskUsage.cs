namespace EdgeNode.Scheduling.Monitoring;

/// <summary>The size of the file system holding a path (Python's <c>shutil.disk_usage</c>): the mount with the longest matching prefix.</summary>
internal static class DiskUsage
{
    public static (long Total, long Used, long Free)? Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full) && !File.Exists(full)) return null;
        DriveInfo? best = null;
        foreach (var drive in DriveInfo.GetDrives())
        {
            var root = drive.RootDirectory.FullName;
            if (!IsUnder(full, root) || (best is not null && root.Length <= best.RootDirectory.FullName.Length)) continue;
            try
            {
                if (drive.IsReady && drive.TotalSize > 0) best = drive;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a mount this user cannot read is not the one holding the path
            }
        }
        if (best is null) return null;
        return (best.TotalSize, best.TotalSize - best.TotalFreeSpace, best.AvailableFreeSpace);
    }

    private static bool IsUnder(string path, string root) =>
        root == "/" || path.Equals(root.TrimEnd('/'), StringComparison.Ordinal) || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
