using System.Buffers;
using System.Net.Sockets;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Client;

/// <summary>
/// Streams a file as a <c>file write</c> message: each block carries the command and up to a block of file bytes, the
/// last block carries the hash of the whole file. Blocks are written in batches of <see cref="MessageSender.BlocksPerWrite"/>.
/// </summary>
internal static class FileSender
{
    public static async Task WriteAsync(Socket socket, MessageHeader header, byte[] command, Stream source, long length,
        CancellationToken cancellation)
    {
        var capacity = BlockWriter.PayloadCapacity(command.Length);
        if (capacity <= 0) throw new ArgumentException("the file name is too long for a block", nameof(command));
        var blocks = BlockWriter.BlockCount(length, capacity);
        var batch = (int)Math.Min(blocks, MessageSender.BlocksPerWrite);
        var buffer = ArrayPool<byte>.Shared.Rent(batch * WireLayout.BlockSize);
        var chunk = ArrayPool<byte>.Shared.Rent(capacity);
        using var hash = new TransferHash();
        try
        {
            var remaining = length;
            for (var number = 1; number <= blocks;)
            {
                var inBatch = 0;
                for (; inBatch < batch && number <= blocks; inBatch++, number++)
                {
                    var want = (int)Math.Min(capacity, remaining);
                    var read = source.ReadAtLeast(chunk.AsSpan(0, want), want, throwOnEndOfStream: false);
                    if (read < want) throw new IOException($"the file shrank while it was sent ({length - remaining + read} of {length} bytes)");
                    remaining -= read;
                    hash.Append(chunk.AsSpan(0, read));
                    header.BlockNumber = (uint)number;
                    header.IsLastBlock = number == blocks;
                    header.BlockHash = header.IsLastBlock ? hash.Finish() : UInt128.Zero;
                    BlockWriter.Write(buffer.AsSpan(inBatch * WireLayout.BlockSize, WireLayout.BlockSize), ref header, command, [],
                        chunk.AsSpan(0, read));
                }
                await socket.SendAsync(buffer.AsMemory(0, inBatch * WireLayout.BlockSize), SocketFlags.None, cancellation);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
