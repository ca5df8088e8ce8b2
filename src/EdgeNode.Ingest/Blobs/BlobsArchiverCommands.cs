using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Ingest.Blobs;

/// <summary><c>run blobs archiver</c> and <c>get blobs archiver</c> (<c>exit blobs archiver</c> / <c>exit archiver</c> are generic).</summary>
internal static class BlobsArchiverCommands
{
    private static readonly string[] Headers = ["Table/File", "Success", "Error", "Last Error", "Last File", "Last Message"];

    public static void Register(Node node, BlobStore store, BlobInbox inbox, BlobsArchiverStatistics stats)
    {
        node.AddCommand(new CommandSpec("run blobs archiver",
            "Store the blobs (images, video, files) that rows reference, in a database and/or a dated folder archive, then pass the rows on.",
            context => RunAsync(context, store, inbox, stats))
        {
            Usage = "run blobs archiver where [dbms = true|false] and [folder = true|false] and [compress = true|false] and [reuse_blobs = true|false] " +
                    "[and max_size = 100MB] [and blobs_dir = ..] [and bwatch_dir = ..] [and archive_dir = ..]",
            Explanation =
                "Takes the row files of bwatch_dir (<dbms>.<table>.<source>.<hash>.<instructions>.json, one JSON row per line). Each row names " +
                "its blob in the column 'file' (or the columns a mapping policy marks with 'hash') as <md5>.<file type>; the blob waits in " +
                "blobs_dir as <dbms>.<table>.<md5>.<file type>. The blob is checked (size against max_size, md5 against its content) and stored: " +
                "in table <table> of the DBMS blobs_<dbms> (dbms = true; connect it first, SQLite or PostgreSQL), and/or under YY/MM/DD/ folders " +
                "of blobs_dir or archive_dir (folder = true, gzipped with compress = true). A blob is kept once per table and md5; with " +
                "reuse_blobs = true a blob that comes again is dropped unread and rows may name a blob stored before without sending it. " +
                "Then the rows go to the watch dir, where the operator loads them. Rejected blobs and their rows go to the error dir with the " +
                "reason. Blobs come in with REST PUT (type: blob), message clients whose mapping policy has blob columns, or 'file store'; " +
                "'file retrieve' reads them back.",
            Examples =
            [
                "run blobs archiver where dbms = true and folder = false and compress = false and reuse_blobs = true",
                "run blobs archiver where dbms = false and folder = true and compress = true",
                "run blobs archiver where dbms = true and folder = true and max_size = 20MB",
            ],
            Where = BlobsArchiverOptions.Schema,
            Topics = ["configuration", "background processes", "unstructured data"],
        });
        node.AddCommand(new CommandSpec("get blobs archiver",
            "Show the blobs archiver's counters: row files processed, and per table the blobs stored and rejected with the last error.",
            context => CommandHelpers.Done(Report(context.Node, stats)))
        {
            Usage = "get blobs archiver",
            Explanation = "The first row counts the row files (EdgeLake's 'Source JSON'); each dbms.table row counts blobs and shows the last blob in 'Last File'.",
            Examples = ["get blobs archiver"],
            Http = HttpRule.Get,
            Topics = ["monitor", "background processes", "unstructured data"],
        });
    }

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, BlobStore store, BlobInbox inbox, BlobsArchiverStatistics stats)
    {
        var node = context.Node;
        var bound = context.BindWhere();
        var dbms = bound.Bool("dbms");
        var folder = bound.Has("file") ? bound.Bool("file") : bound.Bool("folder", true);
        if (!dbms && !folder)
            return CommandResult.Error(ErrorCode.WrongOptionType, "dbms = false and folder = false would keep no blob: set dbms = true, folder = true, or both");
        var threads = bound.Int("threads");
        if (threads is < 1 or > 10) return CommandResult.Error(ErrorCode.WrongOptionType, $"threads = {threads}: the archiver runs 1 to 10 threads");
        var maxSize = bound.Int("max_size");
        if (maxSize < 1) return CommandResult.Error(ErrorCode.WrongOptionType, "max_size must be at least 1 byte");
        var blobsDir = Dir(bound, node, "blobs_dir");
        var options = new BlobsArchiverOptions
        {
            BlobsDir = blobsDir,
            BwatchDir = Dir(bound, node, "bwatch_dir"),
            WatchDir = Dir(bound, node, "watch_dir"),
            ErrDir = Dir(bound, node, "err_dir"),
            Destinations = new BlobDestinations(dbms, folder, bound.Bool("compress"), bound.Str("archive_dir") ?? blobsDir),
            ReuseBlobs = bound.Bool("reuse_blobs"),
            MaxSize = maxSize,
            Threads = (int)threads,
        };
        return await node.Processes.StartAsync(new BlobsArchiverProcess(node, options, store, inbox, stats), context.Cancellation);
    }

    private static string Dir(BoundOptions bound, Node node, string key) =>
        Path.TrimEndingDirectorySeparator(bound.Str(key) ?? NodeDirectories.Get(node, key));

    /// <summary>EdgeLake's table, or its <c>Archiver not active</c> line when the archiver does not run.</summary>
    private static CommandResult Report(Node node, BlobsArchiverStatistics stats)
    {
        if (!node.Processes.IsRunning(ProcessNames.BlobsArchiver)) return CommandResult.Ok("\r\nArchiver not active");
        var rows = stats.Snapshot().Select(r => (IReadOnlyList<object?>)
        [
            r.Name, r.Counter.Success, r.Counter.Errors, r.Counter.Errors == 0 ? "" : ErrorCodes.Text(r.Counter.LastError), r.Counter.Last,
            r.Counter.LastMessage,
        ]);
        return CommandResult.Ok(TableFormatter.Format(Headers, rows));
    }
}
