using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using EdgeNode.Core.IO;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// The folder archive under one root: blobs in <c>YY/MM/DD/</c> folders (the day each was archived, UTC) as
/// <c>&lt;dbms&gt;.&lt;table&gt;.&lt;hash&gt;.&lt;extension&gt;</c>, gzipped (<c>.gz</c> added) when compressed, and one
/// <see cref="BlobCatalog"/> per table in <c>catalog/</c> to find a blob by its hash whatever its day.
/// </summary>
internal sealed class BlobFolder(string root)
{
    private readonly ConcurrentDictionary<string, BlobCatalog> _catalogs = new(StringComparer.Ordinal);

    public string Root => root;

    /// <summary>The archived file of a blob, or null when it is not in the archive.</summary>
    public string? Find(string dbms, string table, string hash)
    {
        var catalog = Catalog(dbms, table);
        string? relative;
        lock (catalog) relative = catalog.Find(hash);
        if (relative is null) return null;
        var path = Path.Combine(root, relative);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Archives a blob: moves <paramref name="source"/> (renamed, or gzipped then deleted) or, without a source, writes
    /// <paramref name="content"/>. A blob archived before goes back to where the catalog says (an identical copy replaces it).
    /// </summary>
    public void Archive(string dbms, string table, BlobId id, string? source, ReadOnlySpan<byte> content, bool compress, DateTime now)
    {
        var catalog = Catalog(dbms, table);
        lock (catalog)
        {
            var relative = catalog.Find(id.Hash);
            if (relative is null)
            {
                var day = Path.GetRelativePath(root, DataFiles.ArchiveFolder(root, now));
                relative = Path.Combine(day, id.FileName(dbms, table) + (compress ? ".gz" : ""));
                catalog.Add(id.Hash, relative);
            }
            var target = Path.Combine(root, relative);
            var directory = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(directory);
            if (target.EndsWith(".gz", StringComparison.Ordinal)) DurableFiles.WriteAtomically(target, DataFiles.Gzip(content));
            else if (source is null) DurableFiles.WriteAtomically(target, content);
            else
            {
                DurableFiles.MoveInto(source, directory, Path.GetFileName(target));
                return;
            }
            if (source is not null) File.Delete(source); // the archived copy is durable; see BlobStore.StoreAsync
        }
    }

    /// <summary>Reads an archived blob (gunzipped when it is compressed).</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The size of the blob an archived file holds (read from the gzip trailer for compressed ones).</summary>
    public static long Length(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return new FileInfo(path).Length;
        using var file = File.OpenRead(path);
        if (file.Length < 4) return 0;
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer); // ISIZE: the size modulo 2^32, exact below 4 GB (blobs are bounded by max_size)
    }

    private BlobCatalog Catalog(string dbms, string table) =>
        _catalogs.GetOrAdd($"{dbms}.{table}", key => BlobCatalog.Load(Path.Combine(root, "catalog", key + ".txt")));
}
