using EdgeNode.Core;
using EdgeNode.Core.IO;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Which files a peer may write (<c>file write</c>, <c>file copy</c> to this node) or read (<c>file get</c> from this
/// node). EdgeLake lets a peer touch any path; here, by default, only the node's root (<c>&lt;home&gt;/EdgeLake</c>) and
/// the node's directories wherever they were set (<c>!watch_dir</c>, <c>!blockchain_dir</c>, <c>!tmp_dir</c>...), plus
/// the directories the user allowed with <c>set file access where dir = ...</c>. A path is checked after resolving
/// <c>..</c> and every symbolic link on it, so neither escapes an allowed directory.
/// </summary>
internal sealed class PeerFileAccess(Node node) : IFileAccess
{
    private static readonly string[] NodeDirectoryKeys =
        ["blockchain_dir", "local_scripts", "log_dir", "error_dir", .. Core.Hosting.NodePaths.DataDirectories.Select(d => d.Key)];

    private readonly object _gate = new();
    private readonly List<string> _allowed = [];

    /// <summary>Adds <paramref name="directory"/> (an existing directory) to the ones peers may use; the error otherwise.</summary>
    public string? Allow(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full)) return $"directory '{full}' does not exist";
        var real = RealPath(full);
        lock (_gate)
            if (!_allowed.Contains(real, StringComparer.Ordinal)) _allowed.Add(real);
        return null;
    }

    /// <summary>The directories peers may use and why: the node root, a node directory (its dictionary key), or allowed by the user.</summary>
    public IReadOnlyList<(string Directory, string Source)> Directories()
    {
        var directories = new List<(string, string)> { (node.Paths.Root, "node root") };
        foreach (var key in NodeDirectoryKeys)
            if (node.Dictionary.Get(key) is { Length: > 0 } value) directories.Add((Path.GetFullPath(value), "!" + key));
        lock (_gate) directories.AddRange(_allowed.Select(d => (d, "set file access")));
        return directories;
    }

    /// <summary>Null when a peer may <paramref name="verb"/> <paramref name="path"/> (a full path); else why not.</summary>
    public string? Refusal(string path, string verb)
    {
        string real;
        try
        {
            real = RealPath(path);
            if (Directories().Any(d => IsWithin(real, RealPath(d.Directory)))) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be resolved ({e.Message}): peers may not {verb} it";
        }
        return $"'{path}'" + (real == path ? "" : $" (resolved to '{real}')") + $" is outside the directories peers may {verb} on "
               + $"{node.Name}: the node root '{node.Paths.Root}' and the node's directories; "
               + "the node's user may allow more with 'set file access where dir = [path]' (see 'get file access')";
    }

    private static bool IsWithin(string path, string directory) =>
        path.Equals(directory, StringComparison.Ordinal)
        || path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="path"/> with <c>..</c> removed and each symbolic link on it replaced by its final target; the part
    /// of the path that does not exist yet is kept as written.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (entry.LinkTarget is not null)
            {
                // the link's target may itself hold links on its way: resolve it the same way
                next = RealPath(entry.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
            }
            else if (!entry.Exists)
            {
                return Path.Combine([next, .. parts[(i + 1)..]]);
            }
            current = next;
        }
        return current;
    }
}
