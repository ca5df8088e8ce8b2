using EdgeNode.Core.Binding;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// <c>run blobs archiver where ...</c> (SPEC §11), bound once when the archiver starts. EdgeLake's defaults: blobs go to
/// the folder archive, not to a database, uncompressed, and every row must bring its blob. Directories default to the
/// node's dictionary (<c>!blobs_dir</c>, <c>!bwatch_dir</c>, <c>!watch_dir</c>, <c>!err_dir</c>).
/// </summary>
internal sealed record BlobsArchiverOptions
{
    /// <summary>Where the ways in leave blobs (<c>&lt;dbms&gt;.&lt;table&gt;.&lt;hash&gt;.&lt;extension&gt;</c>).</summary>
    public required string BlobsDir { get; init; }

    /// <summary>Where the rows that reference blobs wait for the archiver.</summary>
    public required string BwatchDir { get; init; }

    /// <summary>Where the archiver hands the rows to the operator.</summary>
    public required string WatchDir { get; init; }

    public required string ErrDir { get; init; }

    /// <summary>The database and/or folder archive; the folder's root is <c>blobs_dir</c> unless <c>archive_dir</c> is given.</summary>
    public required BlobDestinations Destinations { get; init; }

    /// <summary>A blob stored before (same table and hash) is not stored again: rows may point at it without sending it.</summary>
    public bool ReuseBlobs { get; init; }

    /// <summary>Largest blob accepted, in bytes; larger ones go to the error dir.</summary>
    public long MaxSize { get; init; } = DefaultMaxSize;

    public const long DefaultMaxSize = 100L * 1024 * 1024;

    /// <summary>Row files taken at once: one worker's checks (reading, md5) overlap another's writes and fsyncs.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The <c>get processes</c> details, as EdgeLake prints them.</summary>
    public string Flags =>
        $"Flags: dbms = {PythonFormat.Bool(Destinations.Dbms)}, folder = {PythonFormat.Bool(Destinations.Folder)}, " +
        $"compress = {PythonFormat.Bool(Destinations.Compress)}, reuse_blobs = {PythonFormat.Bool(ReuseBlobs)}";

    public static readonly OptionSchema Schema = new(
        new OptionSpec("dbms", OptionType.Bool, "store each blob in the database blobs_<dbms> (table <table>)") { Default = "false" },
        new OptionSpec("folder", OptionType.Bool, "archive each blob under YY/MM/DD/ folders of blobs_dir (or archive_dir)") { Default = "true" },
        new OptionSpec("file", OptionType.Bool, "same as folder (the name EdgeLake's help text uses)"),
        new OptionSpec("compress", OptionType.Bool, "gzip the blobs of the folder archive") { Default = "false" },
        new OptionSpec("reuse_blobs", OptionType.Bool,
            "store a blob seen before (same table and hash) once: later copies are dropped unread, and rows may point at it without sending it")
        {
            Default = "false",
        },
        new OptionSpec("max_size", OptionType.Storage, "largest blob accepted; larger ones go to the error dir") { Default = "100MB" },
        new OptionSpec("threads", OptionType.Int, "row files archived at once, 1 to 10") { Default = "2" },
        new OptionSpec("blobs_dir", OptionType.Dir, "where blobs wait for the archiver"),
        new OptionSpec("bwatch_dir", OptionType.Dir, "where rows that reference blobs wait for the archiver"),
        new OptionSpec("archive_dir", OptionType.Dir, "root of the folder archive (default: blobs_dir)"),
        new OptionSpec("watch_dir", OptionType.Dir, "where the rows go once their blobs are stored (the operator's watch dir)"),
        new OptionSpec("err_dir", OptionType.Dir, "where rejected blobs and rows go, with the reason"));
}
