namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// Lays out a message block after block: each block carries the command and the next part of the payload, numbered
/// from 1, the last one flagged. The command is repeated in every block, as EdgeLake reuses its block buffer.
/// </summary>
internal struct MessageBlocks
{
    private readonly byte[] _command;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly int _capacity;
    private MessageHeader _header;
    private int _offset;

    public MessageBlocks(MessageHeader header, byte[] command, ReadOnlyMemory<byte> payload)
    {
        _capacity = BlockWriter.PayloadCapacity(command.Length);
        if (_capacity <= 0) throw new ArgumentException($"a command of {command.Length} bytes does not fit in a block", nameof(command));
        _header = header;
        _command = command;
        _payload = payload;
        Count = BlockWriter.BlockCount(payload.Length, _capacity);
    }

    public int Count { get; }

    public int Written { get; private set; }

    /// <summary>Writes the next block into <paramref name="block"/> (2048 bytes); false when every block was written.</summary>
    public bool WriteNext(Span<byte> block)
    {
        if (Written == Count) return false;
        var length = Math.Min(_capacity, _payload.Length - _offset);
        Written++;
        _header.BlockNumber = (uint)Written;
        _header.IsLastBlock = Written == Count;
        BlockWriter.Write(block, ref _header, _command, [], _payload.Span.Slice(_offset, length));
        _offset += length;
        return true;
    }
}
