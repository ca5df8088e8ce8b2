using System.Text.RegularExpressions;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;
using EdgeNode.Core.Network;
using EdgeNode.Core.Query;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Commands;

/// <summary>
/// <c>run client (destination) &lt;command&gt;</c> (SPEC §3.2): sends the command to the peers and collects their replies
/// in a job slot. A caller that waits for the answer (REST, an assignment, a peer, the scheduler) gets every reply in
/// the result, one <c>[From Node ip:port]</c> block per peer; at the prompt and in scripts replies print as they arrive.
/// <c>file copy</c> and <c>file get</c> transfer files; <c>run client (destination)</c> alone makes the destination sticky.
/// </summary>
internal sealed partial class RunClientCommand(PeerClient client, ConsoleDestination console)
{
    public async ValueTask<CommandResult> ExecuteAsync(CommandContext context)
    {
        var node = context.Node;
        var arguments = context.Arguments;
        if (arguments.Count <= 1 && context.Source != CommandSource.Cli)
            return CommandResult.Error(ErrorCode.CommandStructure,
                "expected 'run client (destination) [command]': only the console keeps a destination for the lines that follow");
        if (arguments.Count == 0)
        {
            console.Set(null);
            return CommandResult.Ok("Commands run on this node");
        }
        var destination = DestinationParser.Parse(arguments[0].Text, node);
        var words = arguments.Skip(1).Select(node.Variables.Substitute).ToArray();
        if (words.Length == 0)
        {
            console.Set(arguments[0].Text);
            return CommandResult.Ok($"Commands are sent to {arguments[0].Text}: start a line with '.' to run it on this node, 'run client' alone to stop");
        }
        var peers = destination.Peers;
        if (destination.Lookup is { } lookup)
        {
            var found = await node.Dispatcher.ExecuteAsync(lookup, CommandSource.Internal, null, null, context.Cancellation);
            if (found.IsError) return found;
            peers = DestinationParser.AddressesIn(found.Text);
            if (peers.Count == 0)
                return CommandResult.Error(ErrorCode.DestinationNotProvided, $"'{lookup}' found no destination (ip:port) for the command");
        }
        if (words[0].IsWord("sql") && node.Services.Find<IQueryCoordinator>() is { } queries)
        {
            // queries are consolidated over every operator's rows (SPEC §12); other statements go to the nodes as they are
            var query = new NetworkQuery(words) { Destinations = peers, Timeout = destination.Timeout, Subset = destination.Subset };
            if (await queries.TryRunAsync(query, context) is { } answer) return answer;
        }
        if (destination.IsNetwork)
        {
            return CommandResult.Error(ErrorCode.DestinationNotProvided, words[0].IsWord("sql")
                ? "destination () sends a query to the operators that hold its tables; that routing is not available on this node yet: name the operators, e.g. run client (ip:port, ip:port) sql ..."
                : $"destination () finds the operators of a SQL query from the metadata; name the nodes for '{words[0].Text}': run client (ip:port, ...) {words[0].Text} ...");
        }
        if (!client.CanReceiveReplies) return CommandResult.Error(ErrorCode.NetworkNotAvailable, PeerClient.NoServer);
        if (words.Length >= 2 && words[0].IsWord("file") && words[1].IsWord("copy"))
            return await FileCopyAsync(context, destination, peers, words[2..]);
        if (words.Length >= 2 && words[0].IsWord("file") && words[1].IsWord("get"))
            return await FileGetAsync(context, destination, peers, words[2..]);
        if (words.Length >= 2 && words[0].IsWord("file") && words[1].IsWord("retrieve") && context.Source == CommandSource.Rest
            && !words.Any(w => w.IsWord("dest")))
            return await BlobBytesAsync(context, destination, peers, words);

        var request = new PeerRequest(peers, WireCommand.Encode(words)) { Timeout = destination.Timeout, Subset = destination.Subset };
        if (words[0].IsWord("echo") || words[0].IsWord("print")) return await NotifyAsync(request, context.Cancellation);
        if (context.Assignment != AssignmentKind.None || context.Source is not (CommandSource.Cli or CommandSource.Script))
            return ReplyFormatter.Result(request, await client.SendAsync(request, context.Cancellation), context.Assignment);

        // at the prompt and in scripts: print each reply as it arrives
        await using var job = client.StartCommand(request);
        var replies = await PeerClient.CollectAsync(job, context.Cancellation,
            message => context.Output.WriteLine(ReplyFormatter.Line(job.Destinations[message.ReceiverId], message)));
        var late = replies.Where(r => r.Status == PeerReplyStatus.TimedOut).ToList();
        foreach (var reply in late) context.Output.WriteLine(ReplyFormatter.Line(reply));
        return PeerReplies.IsComplete(request, replies) ? CommandResult.Empty : ReplyFormatter.Failure(replies, "");
    }

    /// <summary>
    /// <c>echo</c>/<c>print</c> sent to peers are messages they show on their console (EdgeLake routes these verbs as
    /// replies, never as commands): nothing comes back, so only delivery failures are reported.
    /// </summary>
    private async Task<CommandResult> NotifyAsync(PeerRequest request, CancellationToken cancellation)
    {
        var failures = await client.NotifyAsync(request, cancellation);
        var replies = request.Destinations.Select((destination, i) => failures[i] is { } reason
            ? new PeerReply(destination, PeerReplyStatus.Failed, reason)
            : new PeerReply(destination, PeerReplyStatus.Replied, "")).ToList();
        return PeerReplies.IsComplete(request, replies) ? CommandResult.Empty : ReplyFormatter.Failure(replies, "");
    }

    /// <summary><c>file copy [local file] [!!remote path]</c>: each peer confirms once the file landed with the right hash.</summary>
    private async Task<CommandResult> FileCopyAsync(CommandContext context, ClientDestination destination, IReadOnlyList<IpPort> peers,
        Token[] words)
    {
        if (words.Length != 2)
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'run client (destination) file copy [source file] [destination file]'");
        var source = words[0].Text;
        if (!File.Exists(source)) return CommandResult.Error(ErrorCode.FileNotFound, $"file '{source}' does not exist");
        var remote = RemoteName(words[1].Text, Path.GetFileName(source));
        var replies = await Task.WhenAll(peers.Select(peer =>
            client.SendFileAsync(peer, source, remote, FileTransferTarget.Path, destination.Timeout, context.Cancellation)));
        return FileResult(destination, peers, replies, context.Assignment);
    }

    /// <summary><c>file get [!!remote file] [local file]</c>: the peer sends its file back as a transfer to this node.</summary>
    private async Task<CommandResult> FileGetAsync(CommandContext context, ClientDestination destination, IReadOnlyList<IpPort> peers,
        Token[] words)
    {
        if (words.Length != 2)
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'run client (destination) file get [source file] [destination file]'");
        if (peers.Count != 1) return CommandResult.Error(ErrorCode.CommandStructure, "'file get' takes one destination");
        var remote = WireCommand.ForReceiver(words[0].Text);
        var local = words[1].Text;
        if (Directory.Exists(local))
        {
            if (remote.Contains('!', StringComparison.Ordinal))
                return CommandResult.Error(ErrorCode.CommandStructure, $"'{local}' is a directory: name the local file");
            local = Path.Combine(local, Path.GetFileName(remote));
        }
        local = Path.GetFullPath(local);
        var request = new PeerRequest(peers, $"file get {remote.Replace(' ', '\t')} {local.Replace(' ', '\t')}")
        {
            Timeout = destination.Timeout,
        };
        // the file comes back as a 'file write' to 'local' (from EdgeLake without this job's id): expected there until it lands
        using var expected = client.FileGets.Expect(local);
        await using var job = client.StartCommand(request, created => expected.Job = created);
        return FileResult(destination, peers, await PeerClient.CollectAsync(job, context.Cancellation), context.Assignment);
    }

    /// <summary>
    /// <c>file retrieve</c> from a REST client without <c>dest</c>: the peer sends the blob to a folder of its own in this
    /// node's <c>!tmp_dir</c>, and the REST reply is the blob's bytes (with the content type of its file type), as the
    /// operator itself answers; the folder is removed once the bytes are sent.
    /// </summary>
    private async Task<CommandResult> BlobBytesAsync(CommandContext context, ClientDestination destination, IReadOnlyList<IpPort> peers,
        Token[] words)
    {
        if (peers.Count != 1) return CommandResult.Error(ErrorCode.CommandStructure, "'file retrieve' to a REST client takes one destination");
        var tmp = context.Node.Dictionary.Get("tmp_dir") ?? Path.Combine(context.Node.Paths.DataDir, "tmp");
        var folder = Path.Combine(Path.GetFullPath(tmp), $"retrieve-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var command = $"{WireCommand.Encode(words)} and dest = {(folder + Path.DirectorySeparatorChar).Replace(' ', '\t')}";
        var request = new PeerRequest(peers, command) { Timeout = destination.Timeout };
        var replies = await client.SendAsync(request, context.Cancellation);
        var file = Directory.GetFiles(folder).FirstOrDefault(f => !f.EndsWith(".transfer", StringComparison.Ordinal));
        if (file is null || replies[0].ErrorCode != 0)
        {
            Directory.Delete(folder, recursive: true);
            var result = ReplyFormatter.Result(request, replies, context.Assignment);
            return replies[0].Replied && replies[0].ErrorCode != 0 ? CommandResult.Error((ErrorCode)replies[0].ErrorCode, result.Text) : result;
        }
        var length = new FileInfo(file).Length;
        return CommandResult.Bytes(ReplyFormatter.Lines(replies), new BinaryContent(ContentTypes.Of(Path.GetExtension(file).TrimStart('.')), length,
            async (output, cancellation) =>
            {
                try
                {
                    await using var input = File.OpenRead(file);
                    await input.CopyToAsync(output, cancellation);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }));
    }

    /// <summary>File transfers fail when a peer refused the file (its reply carries an error code).</summary>
    private static CommandResult FileResult(ClientDestination destination, IReadOnlyList<IpPort> peers, IReadOnlyList<PeerReply> replies,
        AssignmentKind assignment)
    {
        var refused = replies.FirstOrDefault(r => r.Replied && r.ErrorCode != 0);
        if (refused is not null && !destination.Subset)
            return CommandResult.Error((ErrorCode)refused.ErrorCode, ReplyFormatter.Lines(replies));
        return ReplyFormatter.Result(new PeerRequest(peers, "file") { Subset = destination.Subset }, replies, assignment);
    }

    /// <summary>
    /// The destination path as the receiver resolves it: <c>!!name</c> becomes <c>!name</c>; a directory (a path ending in
    /// a separator, or a lone <c>!!..._dir</c> variable) gets the source file name.
    /// </summary>
    private static string RemoteName(string destination, string fileName)
    {
        var remote = WireCommand.ForReceiver(destination);
        if (remote.EndsWith('/') || remote.EndsWith('\\')) return remote + fileName;
        return DirectoryVariable().IsMatch(remote) ? remote + "/" + fileName : remote;
    }

    [GeneratedRegex(@"^![A-Za-z_][A-Za-z0-9_]*_dir$")]
    private static partial Regex DirectoryVariable();
}
