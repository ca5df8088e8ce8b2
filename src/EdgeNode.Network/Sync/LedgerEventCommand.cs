using System.Net.Sockets;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Server;

namespace EdgeNode.Network.Sync;

/// <summary>
/// The master's side of a sync (SPEC §2 step 2, EdgeLake's <c>events.blockchain_master_to_node</c>): a node sends
/// <c>event get_blockchain &lt;its file&gt; &lt;md5 of its ledger&gt; &lt;trace&gt;</c>; the master exports its ledger table to
/// <c>!blockchain_new</c> and, when the md5 differs, sends the file back as a ledger transfer (flag 2) named
/// <c>&lt;its file&gt;.master_id_&lt;k&gt;.json</c>. An EdgeNode requester (its request names a job) gets a reply saying which,
/// sent before the file; an EdgeLake requester gets none, as from an EdgeLake master, except an error found before sending.
/// </summary>
internal sealed class LedgerEventCommand(LedgerExporter exporter, PeerCommandExecutor replies)
{
    /// <summary>The start of the reply when a ledger was sent: the requester then waits for the file.</summary>
    public const string SentReply = "Ledger sent";

    public const string CurrentReply = "Ledger current";

    /// <summary>How long sending the ledger to one node may take.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(2);

    private uint _transfers;

    public void Register(Node node) =>
        node.AddCommand(new CommandSpec("event get_blockchain", "A node asks its master for the ledger (sent by 'run blockchain sync').", ExecuteAsync)
        {
            Usage = "event get_blockchain [file name on the node] [md5 of the node's ledger] [trace level]",
            Explanation = "Runs on a master (connect dbms blockchain, create table ledger where dbms = blockchain, run tcp server). " +
                          "The master writes its ledger table to !blockchain_new; when its md5 differs from the node's, it sends the file " +
                          "to the node as <file name>.master_id_<1..9>.json, which the node's synchronizer makes its ledger.",
            Examples = ["event get_blockchain /app/EdgeLake/blockchain/blockchain.new 107c1880f3141a8b14b4bab8db0f26af 0"],
            Topics = ["blockchain", "network"],
        });

    private async ValueTask<CommandResult> ExecuteAsync(CommandContext context)
    {
        var node = context.Node;
        var arguments = context.Arguments;
        if (arguments.Count is < 1 or > 3)
            return CommandResult.Error(ErrorCode.CommandStructure,
                "expected 'event get_blockchain [file name on the node] [md5 of the node's ledger] [trace level]'");
        if (PeerOrigin.Current is not { } origin)
            return CommandResult.Error(ErrorCode.CommandStructure,
                "event get_blockchain is what a node's synchronizer sends its master: run blockchain sync where source = master and connection = ...");
        if (node.Services.Find<ILedgerTable>() is not { IsConnected: true } table)
            return CommandResult.Error(ErrorCode.DbmsNotConnected,
                $"{node.Name} is not a master: it needs 'connect dbms blockchain where type = sqlite' and 'create table ledger where dbms = blockchain'");
        if (node.Processes.Get<TcpServerProcess>(ProcessNames.Tcp) is not { State: ProcessState.Running } server)
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, PeerClient.NoServer);
        var callerFile = arguments[0].Text;
        var callerVersion = arguments.Count > 1 ? arguments[1].Text : "";

        await using var snapshot = await exporter.ExportAsync(table, SyncFiles.NewFile(node), open: true, context.Cancellation);
        if (origin.JobId == 0) origin.MarkReplied(); // an EdgeLake node waits for the file only, not for an answer
        if (snapshot.Version == callerVersion) return CommandResult.Ok($"{CurrentReply}: version {snapshot.Version}");

        var name = SyncFiles.TransferName(callerFile, (int)((Interlocked.Increment(ref _transfers) - 1) % 9) + 1);
        var announcement = $"{SentReply}: version {snapshot.Version}, {snapshot.Policies} policies, as {name}";
        if (!origin.Replied)
        {
            // announced before the file goes, so the requester knows to wait for it and does not take the file for the answer
            await replies.ReplyAsync(origin, server, "print", announcement, 0, false, context.Cancellation);
            origin.MarkReplied();
        }
        // no job fields: the landed file is not an answer to the requester's job, the announcement was
        var header = PeerSender.Header(server.ReplyAddressFor(origin.ReplyAddress), 0, 0, 1, 0);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await PeerSender.SendFileAsync(origin.ReplyAddress, header, name, FileTransferTarget.Ledger, snapshot.Stream!, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException || (e is OperationCanceledException && !context.Cancellation.IsCancellationRequested))
        {
            return CommandResult.Error(ErrorCode.NetworkNotAvailable, $"sending the ledger to {origin.ReplyAddress} failed: {e.Message}");
        }
        node.Log.Event($"Ledger version {snapshot.Version} ({snapshot.Policies} policies) sent to {origin.ReplyAddress} as {name}");
        return CommandResult.Ok(announcement);
    }
}
