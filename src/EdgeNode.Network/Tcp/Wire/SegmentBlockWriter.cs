using System.Buffers;
using System.Buffers.Binary;

namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// Packs JSON rows into successive <c>job reply</c> blocks as <c>[2-byte length][1-byte flag][bytes]</c> segments (SPEC
/// §3.1 Query results), filling each block: a row that does not fit is split, its first part flagged Continued and its
/// last part Final in the next block(s). Offset 47 of each block counts its segments. Full blocks go to the output as
/// soon as they fill; <see cref="Complete"/> writes the last block with the partition's timings.
/// </summary>
internal sealed class SegmentBlockWriter
{
    public const int SegmentHeaderSize = 3;

    private readonly IBufferWriter<byte> _output;
    private readonly byte[] _command;
    private readonly byte[] _payload;
    private MessageHeader _header;
    private int _used;
    private ushort _segments;

    public SegmentBlockWriter(IBufferWriter<byte> output, MessageHeader header, byte[] command)
    {
        _output = output;
        _command = command;
        _header = header;
        _header.BlockNumber = 1;
        _header.DataStruct = DataStruct.Segments;
        _header.InfoType = InfoType.ResultSet;
        _payload = new byte[BlockWriter.PayloadCapacity(command.Length)];
    }

    /// <summary>Blocks written to the output so far.</summary>
    public int BlocksWritten { get; private set; }

    public void Add(ReadOnlySpan<byte> row)
    {
        var offset = 0;
        do
        {
            var free = _payload.Length - _used - SegmentHeaderSize;
            if (free <= 0)
            {
                Flush(last: false);
                continue;
            }
            var length = Math.Min(row.Length - offset, free);
            var flag = offset == 0
                ? length == row.Length ? SegmentFlag.Whole : SegmentFlag.Continued
                : offset + length == row.Length ? SegmentFlag.Final : SegmentFlag.Continued;
            BinaryPrimitives.WriteUInt16BigEndian(_payload.AsSpan(_used), (ushort)length);
            _payload[_used + 2] = (byte)flag;
            row.Slice(offset, length).CopyTo(_payload.AsSpan(_used + SegmentHeaderSize));
            _used += SegmentHeaderSize + length;
            _segments++;
            offset += length;
            if (offset < row.Length) Flush(last: false);
        }
        while (offset < row.Length);
    }

    /// <summary>Writes the last block: the partition is complete (with an error code instead of rows when it failed).</summary>
    public void Complete(ushort errorCode, uint dbmsMilliseconds, uint sendMilliseconds)
    {
        _header.ErrorCode = errorCode;
        _header.DbmsTime = dbmsMilliseconds;
        _header.SendTime = sendMilliseconds;
        Flush(last: true);
    }

    private void Flush(bool last)
    {
        _header.IsLastBlock = last;
        _header.SegmentCount = _segments;
        var block = _output.GetSpan(WireLayout.BlockSize);
        BlockWriter.Write(block, ref _header, _command, [], _payload.AsSpan(0, _used));
        _output.Advance(WireLayout.BlockSize);
        BlocksWritten++;
        _header.BlockNumber++;
        _used = 0;
        _segments = 0;
    }
}
