using System.Text;
using EdgeNode.Core.IO;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// The folder archive's index of one table: blob hash → the archived file, relative to the archive root
/// (<c>26/12/05/test.images.&lt;hash&gt;.png.gz</c>). One line per blob, <c>&lt;hash&gt; &lt;relative path&gt;</c>, appended and fsynced
/// before the blob is moved into the archive, so after a crash the catalog already names where the blob goes: the blob
/// is then either still waiting in <c>blobs_dir</c> (and is archived to that same place) or already there, never in two
/// places. A torn last line (a crash while appending) is skipped: its blob is still waiting and gets a new line.
/// Not thread-safe: <see cref="BlobFolder"/> locks it.
/// </summary>
internal sealed class BlobCatalog
{
    private readonly string _path;
    private readonly Dictionary<string, string> _entries = new(StringComparer.Ordinal);

    /// <summary>The file ends inside a torn line: the next line starts on a line of its own.</summary>
    private bool _torn;

    private BlobCatalog(string path) => _path = path;

    public int Count => _entries.Count;

    public static BlobCatalog Load(string path)
    {
        var catalog = new BlobCatalog(path);
        if (!File.Exists(path)) return catalog;
        using (var file = File.OpenRead(path))
        {
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                catalog._torn = file.ReadByte() != '\n';
            }
        }
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space != 32 || !BlobId.IsHash(line[..space]) || line.Length == space + 1) continue;
            catalog._entries[line[..space]] = line[(space + 1)..];
        }
        return catalog;
    }

    /// <summary>Where the blob with this hash is archived (relative to the archive root), or null.</summary>
    public string? Find(string hash) => _entries.GetValueOrDefault(hash);

    /// <summary>Records where a blob goes; durable before it returns.</summary>
    public void Add(string hash, string relative)
    {
        var created = !File.Exists(_path);
        if (created) Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes($"{(_torn ? "\n" : "")}{hash} {relative}\n"));
            stream.Flush(flushToDisk: true);
        }
        if (created) DurableFiles.SyncDirectory(Path.GetDirectoryName(_path)!);
        _torn = false;
        _entries[hash] = relative;
    }
}
