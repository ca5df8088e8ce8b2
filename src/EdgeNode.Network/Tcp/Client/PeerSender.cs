using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Network;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// The message forms this node sends: commands (as a <c>.lmsg</c> file transfer when too large for one block), print/echo
/// texts, files, and <c>job reply</c> rows. Every message opens its own connection.
/// </summary>
internal sealed class PeerSender
{
    private int _largeCommands;

    /// <summary>A header for a message of job <paramref name="jobLocation"/>/<paramref name="jobId"/> whose replies go to <paramref name="replyTo"/>.</summary>
    public static MessageHeader Header(IpPort replyTo, int jobLocation, uint jobId, int receivers, int receiverId) => new()
    {
        InfoType = InfoType.Command,
        DataStruct = DataStruct.SingleJson,
        JobLocation = (ushort)jobLocation,
        JobId = jobId,
        Receivers = (ushort)receivers,
        ReceiverId = (ushort)receiverId,
        ReplyIp = replyTo.Host,
        ReplyPort = (uint)replyTo.Port,
    };

    /// <summary>
    /// Sends a command. One that does not fit in a block with its header (SPEC §3.1) travels as a file transfer named
    /// <c>cmd.&lt;ip&gt;.&lt;n&gt;.lmsg</c> with generic flag 3, which the receiver executes.
    /// </summary>
    public Task SendCommandAsync(IpPort destination, MessageHeader header, string command, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(command);
        if (bytes.Length < WireLayout.MaxDataLength) return MessageSender.SendAsync(destination, header, bytes, ReadOnlyMemory<byte>.Empty, cancellation);
        var name = $"cmd.{header.ReplyIp}.{Interlocked.Increment(ref _largeCommands)}.lmsg";
        header.GenericFlag = (ushort)FileTransferTarget.LargeCommand;
        return MessageSender.SendAsync(destination, header, Encoding.UTF8.GetBytes("file write " + name), bytes, cancellation);
    }

    /// <summary>Sends a text as the payload of a <c>print</c> or <c>echo</c> message (generic flag 1 = text, 2 = JSON).</summary>
    public static Task SendTextAsync(IpPort destination, MessageHeader header, string verb, string text, bool isJson,
        CancellationToken cancellation)
    {
        header.GenericFlag = isJson ? (ushort)2 : (ushort)1;
        return MessageSender.SendAsync(destination, header, Encoding.UTF8.GetBytes(verb), Encoding.UTF8.GetBytes(text), cancellation);
    }

    public static async Task SendFileAsync(IpPort destination, MessageHeader header, string destinationName, FileTransferTarget target,
        string sourcePath, CancellationToken cancellation)
    {
        // 64 KB of read-ahead for the 2 KB blocks: a buffer of 85,000 bytes or more is on the large object heap, and a new one
        // per file sent cost a full collection every few files while a distributor or a consumer moved thousands of them
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        await SendFileAsync(destination, header, destinationName, target, source, cancellation);
    }

    /// <summary>Sends a file opened at its start: a snapshot another writer may replace by name while it is sent.</summary>
    public static async Task SendFileAsync(IpPort destination, MessageHeader header, string destinationName, FileTransferTarget target,
        FileStream source, CancellationToken cancellation)
    {
        var command = Encoding.UTF8.GetBytes("file write " + destinationName.Replace(' ', '\t'));
        header.GenericFlag = (ushort)target;
        using var socket = await MessageSender.ConnectAsync(destination, cancellation);
        await FileSender.WriteAsync(socket, header, command, source, source.Length, cancellation);
        socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>
    /// A failed query part: a <c>job reply</c> whose header holds the error code and whose payload is the error text, no
    /// rows (EdgeLake's <c>error_message(..., "job reply", text)</c>; an EdgeLake query node shows the text).
    /// </summary>
    public static Task SendJobErrorAsync(IpPort destination, MessageHeader header, JobReplyInfo info, CancellationToken cancellation)
    {
        header.PartitionsUsed = (ushort)info.PartitionsUsed;
        header.PartitionId = (ushort)info.PartitionId;
        header.ErrorCode = (ushort)info.ErrorCode;
        header.DataStruct = DataStruct.None;
        header.DbmsTime = info.DbmsMilliseconds;
        return MessageSender.SendAsync(destination, header, Encoding.UTF8.GetBytes("job reply"), Encoding.UTF8.GetBytes(info.ErrorText), cancellation);
    }

    /// <summary>Streams rows as <c>job reply</c> segments over one connection; the last block closes the partition.</summary>
    public static async Task SendJobReplyAsync(IpPort destination, MessageHeader header, IAsyncEnumerable<string> rows, JobReplyInfo info,
        CancellationToken cancellation)
    {
        header.PartitionsUsed = (ushort)info.PartitionsUsed;
        header.PartitionId = (ushort)info.PartitionId;
        using var socket = await MessageSender.ConnectAsync(destination, cancellation);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: MessageSender.BlocksPerWrite * WireLayout.BlockSize));
        var segments = new SegmentBlockWriter(writer, header, Encoding.UTF8.GetBytes("job reply"));
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var flushedBlocks = 0;
            await foreach (var row in rows.WithCancellation(cancellation))
            {
                var needed = Encoding.UTF8.GetMaxByteCount(row.Length);
                if (needed > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(needed);
                }
                var length = Encoding.UTF8.GetBytes(row, buffer);
                segments.Add(buffer.AsSpan(0, length));
                if (segments.BlocksWritten - flushedBlocks >= MessageSender.BlocksPerWrite)
                {
                    flushedBlocks = segments.BlocksWritten;
                    await writer.FlushAsync(cancellation);
                }
            }
            segments.Complete((ushort)info.ErrorCode, info.DbmsMilliseconds, info.SendMilliseconds);
            await writer.FlushAsync(cancellation);
            await writer.CompleteAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        socket.Shutdown(SocketShutdown.Send);
    }
}
