using System.Buffers;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>Reading the blocks after the first one: each is validated (block number, lengths) before it is used.</summary>
internal static class MessageBody
{
    /// <summary>Reads and validates the next block of the message into <paramref name="block"/>.</summary>
    public static async ValueTask<MessageHeader> NextAsync(byte[] block, BlockReader blocks)
    {
        if (!await blocks.ReadAsync(block))
            throw new ProtocolException($"the connection closed after block {blocks.Count} before the last block");
        var header = MessageHeader.Read(block);
        return header.Validate(blocks.Count) is { } error ? throw new ProtocolException(error) : header;
    }

    /// <summary>Collects the payload of every block of the message, starting with the one in <paramref name="block"/>.</summary>
    public static async Task<byte[]> ReadAsync(MessageHeader header, byte[] block, BlockReader blocks, int maxBlocks)
    {
        if (header.IsLastBlock) return block.AsSpan(header.PayloadOffset, header.PayloadLength).ToArray();
        var body = new ArrayBufferWriter<byte>(WireLayout.MaxDataLength * 4);
        while (true)
        {
            body.Write(block.AsSpan(header.PayloadOffset, header.PayloadLength));
            if (header.IsLastBlock) return body.WrittenSpan.ToArray();
            if (blocks.Count >= maxBlocks) throw new ProtocolException($"the message has more than {maxBlocks} blocks");
            header = await NextAsync(block, blocks);
        }
    }

    /// <summary>Reads the rest of a message without keeping it (so the sender finishes and can be told why it was refused).</summary>
    public static async Task DrainAsync(MessageHeader header, byte[] block, BlockReader blocks, long maxBlocks)
    {
        while (!header.IsLastBlock)
        {
            if (blocks.Count >= maxBlocks) throw new ProtocolException($"the message has more than {maxBlocks} blocks");
            header = await NextAsync(block, blocks);
        }
    }
}
