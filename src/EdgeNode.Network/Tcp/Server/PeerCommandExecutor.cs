using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Client;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>
/// Runs a command received from a peer through the node's dispatcher (<see cref="CommandSource.Peer"/>) and sends what it
/// printed back on a new connection to the header's reply address: <c>print</c> for output, <c>echo</c> with the error
/// code for an error (an unknown command included), reusing the job fields of the request so the requester routes the
/// answer to the waiting job. A handler that streamed its own answer (<see cref="PeerOrigin.MarkReplied"/>) gets none.
/// </summary>
internal sealed class PeerCommandExecutor(Node node)
{
    public async Task ExecuteAsync(IncomingMessage message, TcpServerProcess server, CancellationToken cancellation)
    {
        var header = message.Header;
        var origin = message.ReplyAddress is { } reply
            ? new PeerOrigin(reply, header.JobLocation, header.JobId, header.Receivers, header.ReceiverId)
            {
                ConfirmationAsked = header.ReplyFlag != 0,
                Data = message.Payload.Length > 0 ? Encoding.UTF8.GetString(message.Payload) : null,
            }
            : null;
        var output = new BufferOutputSink();
        var line = WireCommand.ToCommandLine(message.Command);
        CommandResult result;
        PeerOrigin.Current = origin;
        try
        {
            result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Peer, output, null, cancellation);
        }
        finally
        {
            PeerOrigin.Current = null;
        }
        if (origin is null)
        {
            node.Log.Error($"Command from {message.SenderIp} has no reply address; its output is dropped: [{line}]");
            return;
        }
        if (origin.Replied) return;
        var text = await RenderAsync(output, result, cancellation);
        await ReplyAsync(origin, server, result.IsError ? "echo" : "print", text, (ushort)result.Code, result.Format == OutputFormat.Json,
            cancellation);
    }

    /// <summary>Sends a print/echo text to the requester of <paramref name="origin"/>; a failure is logged, not thrown.</summary>
    public async Task ReplyAsync(PeerOrigin origin, TcpServerProcess server, string verb, string text, ushort errorCode, bool isJson,
        CancellationToken cancellation)
    {
        var header = PeerSender.Header(server.ReplyAddressFor(origin.ReplyAddress), origin.JobLocation, origin.JobId, origin.Receivers,
            origin.ReceiverId);
        header.ErrorCode = errorCode;
        try
        {
            await PeerSender.SendTextAsync(origin.ReplyAddress, header, verb, text, isJson, cancellation);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            node.Log.Error($"Reply to {origin.ReplyAddress} failed: {e.Message}");
        }
    }

    private static async Task<string> RenderAsync(BufferOutputSink output, CommandResult result, CancellationToken cancellation)
    {
        var printed = output.ToString();
        string text;
        if (result.Writer is not null && !result.IsError)
        {
            await using var writer = new StringWriter();
            await result.Writer(writer, cancellation);
            text = writer.ToString();
        }
        else
        {
            text = result.Display;
        }
        if (printed.Length == 0) return text;
        return text.Length == 0 ? printed.TrimEnd('\n') : new StringBuilder(printed).Append(text).ToString();
    }
}
