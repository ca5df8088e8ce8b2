using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Network;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// <c>file retrieve where dbms = .. and table = .. and id = [md5[.type]] [and dest = ..]</c>: reads a blob back from
/// <c>blobs_&lt;dbms&gt;</c> or the folder archive. Locally it writes <c>dest</c> (a file, or a directory that gets
/// <c>&lt;dbms&gt;.&lt;table&gt;.&lt;id&gt;</c>; default <c>!tmp_dir</c>); over REST without <c>dest</c> the reply is the blob's
/// bytes with its content type; asked by a peer (<c>run client (...) file retrieve ...</c>) the blob travels back to
/// the peer by TCP file transfer, to <c>dest</c> on the peer (default the peer's <c>!tmp_dir</c>).
/// </summary>
internal static class FileRetrieveCommand
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("dbms", OptionType.Str, "the DBMS of the blob's table (or its blobs DBMS, blobs_<dbms>)") { Required = true },
        new OptionSpec("table", OptionType.Str, "the table the blob belongs to") { Required = true },
        new OptionSpec("id", OptionType.Str, "the blob: its md5, optionally with its file type (<md5>.png)"),
        new OptionSpec("hash", OptionType.Str, "same as id"),
        new OptionSpec("dest", OptionType.Str, "where to write it: a file, or a directory (default !tmp_dir); on the asking node when sent by a peer"),
        new OptionSpec("stream", OptionType.Bool, "over REST: answer with the bytes even when dest is given (EdgeLake's stream = true)"),
        new OptionSpec("dest_key", OptionType.Str, "a dictionary key that receives the path written"));

    public static void Register(Node node, BlobStore store) =>
        node.AddCommand(new CommandSpec("file retrieve", "Read a blob back from blobs_<dbms> or the folder archive: to a file, to a REST client, or to a peer.",
            context => RetrieveAsync(context, store))
        {
            Usage = "file retrieve where dbms = [dbms name] and table = [table name] and id = [md5 or md5.type] [and dest = [file or directory]]",
            Explanation =
                "Looks in table <table> of blobs_<dbms> when that DBMS is connected, else in the folder archive. Without dest, a REST GET " +
                "answers with the blob's bytes (Content-Type from its file type, e.g. image/png) and the console writes it to !tmp_dir. " +
                "From another node, 'run client (ip:port) file retrieve where ... and dest = !tmp_dir/x.png' brings the blob to that node by TCP " +
                "file transfer (a dest ending in '/' is a directory there: the blob keeps its name); a REST GET to that node with the header " +
                "'destination: ip:port' answers with the bytes.",
            Examples =
            [
                "file retrieve where dbms = test and table = images and id = 9439d99e6b0157b11bc6775f8b0e2490.png and dest = !tmp_dir/camera1.png",
                "file retrieve where dbms = blobs_edgex and table = videos and id = 9439d99e6b0157b11bc6775f8b0e2490",
            ],
            Where = Schema,
            Http = HttpRule.Get,
            Topics = ["unstructured data", "files"],
        });

    private static async ValueTask<CommandResult> RetrieveAsync(CommandContext context, BlobStore store)
    {
        var node = context.Node;
        var bound = context.BindWhere();
        if ((bound.Str("id") ?? bound.Str("hash")) is not { } given)
            return CommandResult.Error(ErrorCode.MissingOption, "file retrieve needs the blob: 'id = [md5]' (or 'id = [md5].[type]')");
        if (!BlobId.TryParse(given, out var wanted, out var error)) return CommandResult.Error(ErrorCode.WrongOptionType, error);
        var dbms = BlobTables.DataDbmsOf(bound.Required("dbms").ToLowerInvariant());
        var table = bound.Required("table").ToLowerInvariant();
        StoredBlob? blob;
        try
        {
            blob = await store.FindAsync(dbms, table, wanted.Hash, context.Cancellation);
        }
        catch (StorageException e)
        {
            return CommandResult.Error(e.Code, e.Message);
        }
        if (blob is null)
            return CommandResult.Error(ErrorCode.FileNotFound,
                $"blob {wanted} of {dbms}.{table} is not in {BlobTables.DatabaseOf(dbms)} nor in the folder archive of {node.Name}");
        var name = blob.Id.FileName(dbms, table);
        var dest = bound.Str("dest");
        if (context.Source == CommandSource.Peer && PeerOrigin.Current is { } origin)
        {
            // dest is a path on the asking node: a directory there (a trailing separator) gets the blob's name
            var there = dest is null ? $"!tmp_dir/{name}" : dest.EndsWith('/') || dest.EndsWith('\\') ? dest + name : dest;
            return await SendBackAsync(node, origin, blob, there, context.Cancellation);
        }
        if (dest is null && (context.Source == CommandSource.Rest || bound.Bool("stream")))
            return Bytes(blob, name);
        var path = Path.GetFullPath(dest ?? NodeDirectories.Get(node, "tmp_dir"));
        if (Directory.Exists(path) || dest is null || dest.EndsWith('/') || dest.EndsWith('\\')) path = Path.Combine(path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFiles.WriteAtomically(path, await ReadAsync(blob, context.Cancellation));
        if (bound.Str("dest_key") is { } key) node.Dictionary.Set(key, path);
        return bound.Bool("stream") && context.Source == CommandSource.Rest ? Bytes(blob, name) : CommandResult.Ok(path).WithValue(path);
    }

    private static CommandResult Bytes(StoredBlob blob, string name) =>
        CommandResult.Bytes($"{name} ({blob.Length:#,0} bytes)", new BinaryContent(ContentTypes.Of(blob.Id.Extension), blob.Length,
            async (output, cancellation) =>
            {
                await using var input = blob.Open();
                await input.CopyToAsync(output, cancellation);
            }));

    /// <summary>Sends the blob to the peer that asked, as a file transfer answering its job (an uncompressed archived file goes as it is).</summary>
    private static async Task<CommandResult> SendBackAsync(Node node, PeerOrigin origin, StoredBlob blob, string dest, CancellationToken cancellation)
    {
        if (node.Services.Find<IPeerClient>() is not { } peers)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, "this node has no TCP peer client to send the blob back");
        var direct = File.Exists(blob.Location) && !blob.Location.EndsWith(".gz", StringComparison.Ordinal);
        var source = direct ? blob.Location : Path.Combine(NodeDirectories.Get(node, "tmp_dir"), $"{Guid.NewGuid():N}.blob");
        try
        {
            if (!direct)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(source)!);
                await File.WriteAllBytesAsync(source, await ReadAsync(blob, cancellation), cancellation);
            }
            await peers.SendFileReplyAsync(origin, source, dest, cancellation);
            return CommandResult.Empty;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return CommandResult.Error(ErrorCode.PeerError, $"sending the blob back to {origin.ReplyAddress} failed: {e.Message}");
        }
        finally
        {
            if (!direct) File.Delete(source);
        }
    }

    private static async Task<byte[]> ReadAsync(StoredBlob blob, CancellationToken cancellation)
    {
        await using var input = blob.Open();
        using var buffer = new MemoryStream((int)Math.Min(blob.Length, int.MaxValue));
        await input.CopyToAsync(buffer, cancellation);
        return buffer.ToArray();
    }
}
