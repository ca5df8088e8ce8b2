using System.Runtime.InteropServices;

namespace EdgeNode.Core.IO;

/// <summary>
/// Crash-safe file operations: write then fsync, rename atomically, fsync the directory so the rename itself survives
/// a power cut. A file that has to cross file systems is copied under a temporary name first, so readers of the
/// destination directory never see a half-written file under its final name.
/// </summary>
public static partial class DurableFiles
{
    /// <summary>Suffix of files being written; watchers ignore it (EdgeLake uses <c>.transfer</c>).</summary>
    public const string PartialSuffix = ".transfer";

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> via a temporary name, fsyncs, renames, fsyncs the folder.
    /// With <paramref name="mode"/> (not on Windows), the file has that mode before any byte is in it (secrets: 0600).
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        var temp = path + PartialSuffix;
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (mode is { } unixMode && !OperatingSystem.IsWindows()) File.SetUnixFileMode(handle, unixMode);
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }
        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Moves a file into a directory atomically (same file system: rename; else copy under a temporary name, fsync, rename).</summary>
    public static string MoveInto(string source, string directory, string? name = null)
    {
        var destination = Path.Combine(directory, name ?? Path.GetFileName(source));
        try
        {
            File.Move(source, destination, overwrite: true);
        }
        catch (IOException) when (File.Exists(source))
        {
            var temp = destination + PartialSuffix;
            using (var input = File.OpenRead(source))
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, destination, overwrite: true);
            File.Delete(source);
        }
        SyncDirectory(directory);
        return destination;
    }

    /// <summary>fsync of a directory, which makes renames and creations in it durable (Linux); a no-op elsewhere.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
