namespace EdgeNode.Network.Tcp.Wire;

/// <summary>Lays out one block: header, command, authentication bytes, payload, and zeros up to 2048 bytes.</summary>
internal static class BlockWriter
{
    /// <summary>Payload bytes that fit in each block after the command and authentication bytes.</summary>
    public static int PayloadCapacity(int commandLength, int authLength = 0) => WireLayout.MaxDataLength - commandLength - authLength;

    /// <summary>Blocks needed for a payload (at least one: a message always has a block).</summary>
    public static int BlockCount(long payloadLength, int capacity) => (int)Math.Max(1, (payloadLength + capacity - 1) / capacity);

    /// <summary>
    /// Writes a whole block. The header's command, authentication and data lengths are set from the spans; the caller sets
    /// the block number, last-block flag and the other fields. The bytes after the used part are cleared so that a pooled
    /// buffer never leaks an earlier message.
    /// </summary>
    public static void Write(Span<byte> block, ref MessageHeader header, ReadOnlySpan<byte> command, ReadOnlySpan<byte> auth,
        ReadOnlySpan<byte> payload)
    {
        var data = command.Length + auth.Length + payload.Length;
        if (data > WireLayout.MaxDataLength)
            throw new ArgumentException($"{data} bytes do not fit in a block ({WireLayout.MaxDataLength} after the header)");
        block = block[..WireLayout.BlockSize];
        header.CommandLength = (ushort)command.Length;
        header.AuthLength = (ushort)auth.Length;
        header.DataLength = (uint)data;
        header.Write(block);
        var offset = WireLayout.HeaderSize;
        command.CopyTo(block[offset..]);
        offset += command.Length;
        auth.CopyTo(block[offset..]);
        offset += auth.Length;
        payload.CopyTo(block[offset..]);
        block[(offset + payload.Length)..].Clear();
    }
}
