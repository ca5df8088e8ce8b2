using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Serves one connection = one message (SPEC §3.1): reads and validates its blocks, then acts on its verb once the
/// connection is closed. Replies (print/echo/job reply) go to the waiting job; files land through the
/// <see cref="FileReceiver"/>; other commands run through the dispatcher. A message that breaks the framing (a bad block
/// number or length, a truncated block, a silent sender, too many blocks) is rejected and logged; nothing of it runs.
/// </summary>
internal sealed class ConnectionHandler(Node node, JobTable jobs, PeerClient client, PeerCommandExecutor executor, FileReceiver files,
    PeerFileAccess access, MessageLimits limits)
{
    /// <summary>The server stopped: requests waiting for replies end now instead of at their timeouts (a consumer's is 10 minutes).</summary>
    public void ServerStopped() => jobs.AbandonAll(PeerClient.NoServer);

    /// <summary>Serves a connection whose first block was read already (<see cref="PeerConnection.ReadFirstBlockAsync"/>).</summary>
    public async Task HandleAsync(PeerConnection connection, TcpServerProcess server, CancellationToken stopping)
    {
        var senderIp = connection.SenderIp;
        try
        {
            IncomingMessage? message;
            await using (connection)
            {
                message = await ReadAsync(connection.FirstBlock, connection.Blocks, senderIp);
                await connection.CloseAsync();
            }
            if (message is not null) await ProcessAsync(message, server, stopping);
        }
        catch (ProtocolException e)
        {
            node.Log.Error($"TCP message from {senderIp} rejected: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            node.Log.Error($"TCP connection from {senderIp} failed: {e.Message}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the server stops
        }
    }

    /// <summary>Reads the message from its first block on; streamed replies are delivered while reading and leave nothing to process.</summary>
    private async Task<IncomingMessage?> ReadAsync(byte[] block, BlockReader blocks, string senderIp)
    {
        var header = MessageHeader.Read(block);
        if (header.Validate(1) is { } error) throw new ProtocolException(error);
        var command = Encoding.UTF8.GetString(block, WireLayout.HeaderSize, header.CommandLength);
        switch (MessageVerbs.Of(command).Verb)
        {
            case MessageVerb.JobReply:
                await ReceiveJobReplyAsync(header, block, blocks, senderIp);
                return null;
            case MessageVerb.FileWrite:
                var file = await files.ReceiveAsync(header, command, block, blocks);
                return file.LargeCommand is { } large
                    ? new IncomingMessage(header, large, [], senderIp)
                    : new IncomingMessage(header, command, [], senderIp) { File = file };
            default:
                return new IncomingMessage(header, command, await MessageBody.ReadAsync(header, block, blocks, limits.MaxInMemoryBlocks), senderIp);
        }
    }

    private async Task ProcessAsync(IncomingMessage message, TcpServerProcess server, CancellationToken stopping)
    {
        var (verb, words) = MessageVerbs.Of(message.Command);
        switch (verb)
        {
            case MessageVerb.Print or MessageVerb.Echo:
                await DeliverTextAsync(message, verb, words);
                break;
            case MessageVerb.FileWrite when message.File is { } file:
                await FileWrittenAsync(message, file, server, stopping);
                break;
            case MessageVerb.FileGet:
                await SendFileBackAsync(message, server, stopping);
                break;
            case MessageVerb.JobReply or MessageVerb.FileWrite:
                node.Log.Error($"'{message.Command}' from {message.Sender} cannot be sent as a large command: ignored");
                break;
            default:
                await executor.ExecuteAsync(message, server, stopping);
                break;
        }
    }

    /// <summary>A print/echo reply goes to its job; one nobody waits for (late, or sent unasked) is printed on the console.</summary>
    private async Task DeliverTextAsync(IncomingMessage message, MessageVerb verb, int words)
    {
        var header = message.Header;
        var inline = string.Join(' ', MessageVerbs.Arguments(message.Command, words).Select(WireCommand.WordText));
        var payload = Encoding.UTF8.GetString(message.Payload);
        var text = inline.Length == 0 ? payload : payload.Length == 0 ? inline : inline + " " + payload;
        var reply = new PeerJobMessage(header.ReceiverId, verb == MessageVerb.Print ? PeerMessageKind.Print : PeerMessageKind.Echo)
        {
            Text = text,
            ErrorCode = header.ErrorCode,
            IsJson = header.GenericFlag == 2,
        };
        if (jobs.Find(header.JobLocation, header.JobId) is { } job && await job.DeliverAsync(reply)) return;
        var line = $"[From Node {message.Sender}] {text}";
        node.Console.WriteLine(line);
        if (verb == MessageVerb.Echo) node.Log.EchoMessage(line);
    }

    /// <summary>
    /// After a file transfer: announce a landed file, answer the sender when it asked for a confirmation (reply flag), or
    /// complete this node's own <c>file get</c> job the file answers.
    /// </summary>
    private async Task FileWrittenAsync(IncomingMessage message, FileWriteResult file, TcpServerProcess server, CancellationToken stopping)
    {
        var header = message.Header;
        if (file.Landed) client.OnFileReceived(new PeerFileReceivedEventArgs(file.Path!, file.Target, message.Sender));
        else node.Log.Error($"File transfer from {message.Sender} refused: {file.Error}");
        var text = file.Landed ? $"File written: {file.Path}" : file.Error!;
        var errorCode = file.Landed ? (ushort)0 : (ushort)file.Code;
        if (header.ReplyFlag != 0)
        {
            if (message.ReplyAddress is { } reply)
                await executor.ReplyAsync(new PeerOrigin(reply, header.JobLocation, header.JobId, header.Receivers, header.ReceiverId), server,
                    file.Landed ? "print" : "echo", text, errorCode, false, stopping);
            return;
        }
        // the file answers this node's 'file get': found by its job (an EdgeNode peer), or by where it landed (EdgeLake sends 0/0)
        if (jobs.Find(header.JobLocation, header.JobId) is { } job)
            await job.DeliverAsync(new PeerJobMessage(header.ReceiverId, PeerMessageKind.FileReceived) { Text = text, ErrorCode = errorCode });
        else if (file.Path is { } path && client.FileGets.JobFor(path) is { } asked)
            await asked.DeliverAsync(new PeerJobMessage(0, PeerMessageKind.FileReceived) { Text = text, ErrorCode = errorCode });
    }

    /// <summary><c>file get &lt;path&gt; &lt;destination&gt;</c>: sends a file of this node to the requester as a <c>file write</c>.</summary>
    private async Task SendFileBackAsync(IncomingMessage message, TcpServerProcess server, CancellationToken stopping)
    {
        var header = message.Header;
        if (message.ReplyAddress is not { } reply)
        {
            node.Log.Error($"'file get' from {message.SenderIp} has no reply address");
            return;
        }
        var origin = new PeerOrigin(reply, header.JobLocation, header.JobId, header.Receivers, header.ReceiverId);
        var arguments = MessageVerbs.Arguments(message.Command, 2).Select(WireCommand.WordText).ToArray();
        if (arguments.Length != 2)
        {
            await executor.ReplyAsync(origin, server, "echo", "expected 'file get [source file] [destination file]'",
                (ushort)Core.Commands.ErrorCode.CommandStructure, false, stopping);
            return;
        }
        var source = node.Variables.SubstituteText(arguments[0]);
        source = Path.GetFullPath(source);
        if (access.Refusal(source, "read") is { } refusal)
        {
            node.Log.Error($"'file get' from {message.Sender} refused: {refusal}");
            await executor.ReplyAsync(origin, server, "echo", refusal, (ushort)Core.Commands.ErrorCode.FileAccessDenied, false, stopping);
            return;
        }
        if (!File.Exists(source))
        {
            await executor.ReplyAsync(origin, server, "echo", $"file '{source}' does not exist on {server.ExternalAddress}",
                (ushort)Core.Commands.ErrorCode.FileNotFound, false, stopping);
            return;
        }
        try
        {
            await client.SendFileReplyAsync(origin, source, arguments[1], stopping);
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            node.Log.Error($"Sending '{source}' to {reply} failed: {e.Message}");
        }
    }

    /// <summary>Streams the rows of a <c>job reply</c> to its job block by block; stops reading when the job has ended.</summary>
    private async Task ReceiveJobReplyAsync(MessageHeader header, byte[] block, BlockReader blocks, string senderIp)
    {
        var job = jobs.Find(header.JobLocation, header.JobId);
        if (job is null)
        {
            node.Log.Error($"Job reply from {senderIp} for job {header.JobLocation}/{header.JobId} that no one waits for (ended or unknown)");
            return;
        }
        if (header.ErrorCode != 0 && header.DataStruct != DataStruct.Segments)
        {
            // a failed query: the payload is the operator's error text, no rows (the whole message is this block)
            var text = Encoding.UTF8.GetString(block.AsSpan(header.PayloadOffset, header.PayloadLength));
            await job.DeliverAsync(new PeerJobMessage(header.ReceiverId, PeerMessageKind.JobReply)
            {
                Text = text,
                ErrorCode = header.ErrorCode,
                PartitionsUsed = header.PartitionsUsed,
                PartitionId = header.PartitionId,
            });
            return;
        }
        var segments = new SegmentReader();
        var rows = new List<string>();
        while (true)
        {
            if (segments.Read(block.AsSpan(header.PayloadOffset, header.PayloadLength), header.SegmentCount, rows) is { } error)
                throw new ProtocolException(error);
            if (header.IsLastBlock && segments.HasPartialRow) throw new ProtocolException("the last block ends inside a split row");
            if (rows.Count > 0 || header.IsLastBlock)
            {
                var message = new PeerJobMessage(header.ReceiverId, PeerMessageKind.JobReply)
                {
                    Rows = rows,
                    ErrorCode = header.ErrorCode,
                    PartitionsUsed = header.PartitionsUsed,
                    PartitionId = header.PartitionId,
                    IsLast = header.IsLastBlock,
                    DbmsMilliseconds = header.DbmsTime,
                    SendMilliseconds = header.SendTime,
                };
                if (!await job.DeliverAsync(message)) return; // the job ended: stop reading
                rows = [];
            }
            if (header.IsLastBlock) return;
            if (blocks.Count >= limits.MaxStreamBlocks) throw new ProtocolException($"the job reply has more than {limits.MaxStreamBlocks} blocks");
            header = await MessageBody.NextAsync(block, blocks);
        }
    }
}
