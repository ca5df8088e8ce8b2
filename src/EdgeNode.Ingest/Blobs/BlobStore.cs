using System.Collections.Concurrent;
using EdgeNode.Core;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// The node's blobs wherever they are kept: the <c>blobs_&lt;dbms&gt;</c> databases (<see cref="BlobTables"/>) and the
/// folder archives (<see cref="BlobFolder"/>, one per root). The archiver stores through it; <c>file store</c> and
/// <c>file retrieve</c> use it whether the archiver runs or not.
/// </summary>
internal sealed class BlobStore(Node node)
{
    private readonly ConcurrentDictionary<string, BlobFolder> _folders = new(StringComparer.Ordinal);

    public BlobTables Tables { get; } = new(node.Services.Find<IDbmsRegistry>());

    /// <summary>The folder archive rooted at <paramref name="root"/> (one instance per root, so its catalogs are shared).</summary>
    public BlobFolder Folder(string root) => _folders.GetOrAdd(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), r => new BlobFolder(r));

    /// <summary>The running archiver's options, or null.</summary>
    public BlobsArchiverOptions? Archiver =>
        node.Processes.Get<BlobsArchiverProcess>(Core.Processes.ProcessNames.BlobsArchiver) is { State: ProcessState.Running } archiver
            ? archiver.Options
            : null;

    /// <summary>The largest blob taken in: the running archiver's <c>max_size</c>, else its default.</summary>
    public long MaxSize => Archiver?.MaxSize ?? BlobsArchiverOptions.DefaultMaxSize;

    /// <summary><c>!blobs_dir</c>: where blobs wait, and the folder archive's root when no archiver says otherwise.</summary>
    public string BlobsDir => Files.NodeDirectories.Get(node, "blobs_dir");

    /// <summary>
    /// Where a blob of <paramref name="dbms"/> is stored outside the archiver (<c>file store</c>): as the running archiver
    /// stores; without one, in <c>blobs_&lt;dbms&gt;</c> when it is connected, else in the folder archive of <c>!blobs_dir</c>.
    /// </summary>
    public BlobDestinations DestinationsFor(string dbms) =>
        Archiver?.Destinations ?? (Tables.Find(dbms) is not null
            ? new BlobDestinations(Dbms: true, Folder: false, Compress: false, BlobsDir)
            : new BlobDestinations(Dbms: false, Folder: true, Compress: false, BlobsDir));

    /// <summary>Where <paramref name="destinations"/> keep blobs of <paramref name="dbms"/>, as a user reads it.</summary>
    public static string Describe(BlobDestinations destinations, string dbms) =>
        string.Join(" and ", new[]
        {
            destinations.Dbms ? $"DBMS {BlobTables.DatabaseOf(dbms)}" : null,
            destinations.Folder ? $"the folder archive {destinations.ArchiveRoot}" : null,
        }.OfType<string>());

    /// <summary>True when the blob is in every destination (a blob missing from one is stored again).</summary>
    public async Task<bool> IsStoredAsync(BlobDestinations destinations, string dbms, string table, string hash, CancellationToken cancellation)
    {
        if (destinations.Folder && Folder(destinations.ArchiveRoot).Find(dbms, table, hash) is null) return false;
        return !destinations.Dbms || await Tables.ContainsAsync(Tables.Require(dbms), table, hash, cancellation);
    }

    /// <summary>
    /// Stores a blob in every destination: the database first (committed), then the folder archive, which takes
    /// <paramref name="source"/> (moved, or gzipped and deleted) when one is given; a source the folder does not take is
    /// deleted once the database holds the blob. <paramref name="replace"/> rewrites a blob stored before. Deleting the
    /// source is not fsynced: if a power cut undoes it, the copy is back in <c>blobs_dir</c>, where the archiver finds it
    /// stored (the row that names it again, or the start-up sweep of blobs without a row) and deletes it again.
    /// </summary>
    public async Task StoreAsync(BlobDestinations destinations, string dbms, string table, BlobId id, string? source, byte[] content,
        bool replace, CancellationToken cancellation)
    {
        var now = node.Time.GetUtcNow().UtcDateTime;
        if (destinations.Dbms) await Tables.StoreAsync(Tables.Require(dbms), table, id, content, now, replace, cancellation);
        if (destinations.Folder) Folder(destinations.ArchiveRoot).Archive(dbms, table, id, source, content, destinations.Compress, now);
        else if (source is not null) File.Delete(source);
    }

    /// <summary>
    /// Finds a blob: in <c>blobs_&lt;dbms&gt;</c> when it is connected and holds it, else in the folder archive of the running
    /// archiver, else in that of <c>!blobs_dir</c>.
    /// </summary>
    public async Task<StoredBlob?> FindAsync(string dbms, string table, string hash, CancellationToken cancellation)
    {
        if (Tables.Find(dbms) is { } database && await Tables.ReadAsync(database, table, hash, cancellation) is var (id, content))
            return new StoredBlob(id, content.Length, $"{database.Name}.{table}", () => new MemoryStream(content, writable: false));
        var data = BlobTables.DataDbmsOf(dbms);
        foreach (var root in new[] { Archiver?.Destinations.ArchiveRoot, BlobsDir }.OfType<string>().Distinct())
        {
            if (Folder(root).Find(data, table, hash) is not { } path) continue;
            var name = Path.GetFileName(path);
            if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
            var fileId = name[(data.Length + table.Length + 2)..];
            var found = BlobId.TryParse(fileId, out var parsed, out _) ? parsed : new BlobId(hash, "");
            return new StoredBlob(found, BlobFolder.Length(path), path, () => BlobFolder.Open(path));
        }
        return null;
    }
}
