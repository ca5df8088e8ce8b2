using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// <c>file store where dbms = .. and table = .. [and hash = ..] and source = [file]</c>: stores a local file as a blob,
/// where the running archiver stores (else in <c>blobs_&lt;dbms&gt;</c> when it is connected, else in the folder archive
/// of <c>!blobs_dir</c>). EdgeLake's parser takes <c>source</c> and its help text says <c>file</c>: both work. The
/// file is copied, never moved; its md5 is the blob's id, checked against <c>hash</c> when one is given.
/// </summary>
internal static class FileStoreCommand
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("dbms", OptionType.Str, "the DBMS the blob belongs to (blobs go to blobs_<dbms>); default: the file name's first section"),
        new OptionSpec("table", OptionType.Str, "the table the blob belongs to; default: the file name's second section"),
        new OptionSpec("hash", OptionType.Str, "the md5 the file must have (checked); default: computed"),
        new OptionSpec("source", OptionType.Str, "the file to store"),
        new OptionSpec("file", OptionType.Str, "same as source (the name EdgeLake's help text uses)"),
        new OptionSpec("dest", OptionType.Str, "a name for the blob: its file type becomes the blob's (default: the source's)"));

    public static void Register(Node node, BlobStore store) =>
        node.AddCommand(new CommandSpec("file store", "Store a local file as a blob of a table (database blobs_<dbms> and/or the folder archive).",
            context => StoreAsync(context, store))
        {
            Usage = "file store where dbms = [dbms name] and table = [table name] and hash = [md5] and source = [path and file name]",
            Explanation =
                "The blob's id is the md5 of the file (checked against 'hash' when given) and the file's type: <md5>.<type>; " +
                "'file retrieve' reads it back. Stored as the running blobs archiver stores, else in blobs_<dbms> when connected, " +
                "else in the folder archive of !blobs_dir. Files larger than the archiver's max_size (100MB by default) are refused.",
            Examples =
            [
                "file store where dbms = test and table = images and source = !prep_dir/camera1.png",
                "file store where dbms = blobs_edgex and table = video and hash = ce2ee27c4d192a60393c5aed1628c96b and file = !prep_dir/device12atpeak.bin",
            ],
            Where = Schema,
            Topics = ["unstructured data", "files"],
        });

    private static async ValueTask<CommandResult> StoreAsync(CommandContext context, BlobStore store)
    {
        var bound = context.BindWhere();
        if ((bound.Str("source") ?? bound.Str("file")) is not { } given)
            return CommandResult.Error(ErrorCode.MissingOption, "file store needs the file: 'source = [path and file name]' (or 'file = ...')");
        var source = Path.GetFullPath(given);
        if (context.Source == CommandSource.Peer && context.Node.Services.Find<IFileAccess>()?.Refusal(source, "read") is { } refusal)
            return CommandResult.Error(ErrorCode.FileAccessDenied, refusal);
        if (!File.Exists(source)) return CommandResult.Error(ErrorCode.FileNotFound, $"file '{source}' does not exist");
        var sections = Path.GetFileName(source).Split('.');
        var dbms = bound.Str("dbms") ?? (sections.Length >= 3 ? sections[0] : null);
        var table = bound.Str("table") ?? (sections.Length >= 3 ? sections[1] : null);
        if (dbms is null || table is null || !DataFileName.IsIdentifier(dbms) || !DataFileName.IsIdentifier(table))
            return CommandResult.Error(ErrorCode.MissingOption,
                "file store needs 'dbms = ..' and 'table = ..' (letters, digits, '_'), or a file named <dbms>.<table>.<name>");
        dbms = BlobTables.DataDbmsOf(dbms.ToLowerInvariant());
        table = table.ToLowerInvariant();
        var length = new FileInfo(source).Length;
        if (length > store.MaxSize)
            return CommandResult.Error(ErrorCode.BlobTooLarge, $"'{source}' has {length:#,0} bytes, more than the limit ({store.MaxSize:#,0} bytes, max_size)");
        var content = await File.ReadAllBytesAsync(source, context.Cancellation);
        var hash = BlobHash.Of(content);
        if (bound.Str("hash") is { } expected && !expected.Equals(hash, StringComparison.OrdinalIgnoreCase))
            return CommandResult.Error(ErrorCode.BlobHashMismatch, $"the md5 of '{source}' is {hash}, not {expected}: the file was not stored");
        var extension = Path.GetExtension(bound.Str("dest") ?? source).TrimStart('.');
        var id = new BlobId(hash, BlobId.IsExtension(extension) ? extension.ToLowerInvariant() : "");
        var destinations = store.DestinationsFor(dbms);
        try
        {
            await store.StoreAsync(destinations, dbms, table, id, source: null, content, replace: true, context.Cancellation);
        }
        catch (StorageException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        return CommandResult.Ok($"Blob {id} of {dbms}.{table} stored in {BlobStore.Describe(destinations, dbms)}").WithValue(id.ToString());
    }
}
