using System.Buffers.Binary;
using System.Text;

namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// The 207-byte header of a block, field by field (offsets in <see cref="WireLayout"/>), read and written big-endian.
/// A mutable struct: a sender fills it once and changes the block number, lengths and last-block flag per block.
/// </summary>
internal struct MessageHeader
{
    public UInt128 BlockHash;
    public ushort SocketId;
    public ulong SocketTimeId;
    public uint SendCounter;
    public uint BlockNumber;
    public DataStruct DataStruct;
    public bool IsLastBlock;
    public InfoType InfoType;
    public ushort ErrorCode;
    public ushort CommandLength;
    public ushort AuthLength;
    public uint DataLength;
    public ushort SegmentCount;
    public byte ReplyFlag;
    public ushort JobLocation;
    public uint JobId;
    public ushort Receivers;
    public ushort ReceiverId;
    public ushort PartitionsUsed;
    public ushort PartitionId;
    public uint DbmsTime;
    public uint SendTime;

    /// <summary>The length byte as received (may exceed 128 in a bad block; <see cref="ReplyIp"/> is then empty).</summary>
    public byte ReplyIpLength;
    public string ReplyIp;
    public uint ReplyPort;
    public ushort GenericFlag;

    /// <summary>Bytes of the block in use: header + command + authentication + payload.</summary>
    public readonly int UsedLength => WireLayout.HeaderSize + (int)DataLength;

    public readonly int PayloadOffset => WireLayout.HeaderSize + CommandLength + AuthLength;

    public readonly int PayloadLength => (int)DataLength - CommandLength - AuthLength;

    public static MessageHeader Read(ReadOnlySpan<byte> block)
    {
        if (block.Length < WireLayout.HeaderSize) throw new ArgumentException("a block holds at least the 207-byte header", nameof(block));
        var ipLength = block[WireLayout.ReplyIpLength];
        return new MessageHeader
        {
            BlockHash = BinaryPrimitives.ReadUInt128BigEndian(block[WireLayout.BlockHash..]),
            SocketId = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.SocketId..]),
            SocketTimeId = BinaryPrimitives.ReadUInt64BigEndian(block[WireLayout.SocketTimeId..]),
            SendCounter = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.SendCounter..]),
            BlockNumber = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.BlockNumber..]),
            DataStruct = (DataStruct)block[WireLayout.DataStruct],
            IsLastBlock = block[WireLayout.LastBlock] != 0,
            InfoType = (InfoType)block[WireLayout.InfoType],
            ErrorCode = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.ErrorCode..]),
            CommandLength = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.CommandLength..]),
            AuthLength = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.AuthLength..]),
            DataLength = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.DataLength..]),
            SegmentCount = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.SegmentCount..]),
            ReplyFlag = block[WireLayout.ReplyFlag],
            JobLocation = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.JobLocation..]),
            JobId = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.JobId..]),
            Receivers = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.Receivers..]),
            ReceiverId = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.ReceiverId..]),
            PartitionsUsed = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.PartitionsUsed..]),
            PartitionId = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.PartitionId..]),
            DbmsTime = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.DbmsTime..]),
            SendTime = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.SendTime..]),
            ReplyIpLength = ipLength,
            ReplyIp = ipLength <= WireLayout.MaxReplyIpLength
                ? Encoding.ASCII.GetString(block.Slice(WireLayout.ReplyIp, ipLength))
                : "",
            ReplyPort = BinaryPrimitives.ReadUInt32BigEndian(block[WireLayout.ReplyPort..]),
            GenericFlag = BinaryPrimitives.ReadUInt16BigEndian(block[WireLayout.GenericFlag..]),
        };
    }

    /// <summary>Writes the 207 header bytes. <see cref="ReplyIp"/> must be ASCII of at most 128 characters.</summary>
    public readonly void Write(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt128BigEndian(block[WireLayout.BlockHash..], BlockHash);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.SocketId..], SocketId);
        BinaryPrimitives.WriteUInt64BigEndian(block[WireLayout.SocketTimeId..], SocketTimeId);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.SendCounter..], SendCounter);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.BlockNumber..], BlockNumber);
        block[WireLayout.DataStruct] = (byte)DataStruct;
        block[WireLayout.LastBlock] = IsLastBlock ? (byte)1 : (byte)0;
        block[WireLayout.InfoType] = (byte)InfoType;
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.ErrorCode..], ErrorCode);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.CommandLength..], CommandLength);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.AuthLength..], AuthLength);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.DataLength..], DataLength);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.SegmentCount..], SegmentCount);
        block[WireLayout.ReplyFlag] = ReplyFlag;
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.JobLocation..], JobLocation);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.JobId..], JobId);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.Receivers..], Receivers);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.ReceiverId..], ReceiverId);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.PartitionsUsed..], PartitionsUsed);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.PartitionId..], PartitionId);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.DbmsTime..], DbmsTime);
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.SendTime..], SendTime);
        var ip = block.Slice(WireLayout.ReplyIp, WireLayout.MaxReplyIpLength);
        ip.Clear();
        var ipLength = Encoding.ASCII.GetBytes(ReplyIp ?? "", ip);
        block[WireLayout.ReplyIpLength] = (byte)ipLength;
        BinaryPrimitives.WriteUInt32BigEndian(block[WireLayout.ReplyPort..], ReplyPort);
        BinaryPrimitives.WriteUInt16BigEndian(block[WireLayout.GenericFlag..], GenericFlag);
    }

    /// <summary>
    /// Why a received block cannot be accepted as block <paramref name="expectedBlock"/> of a message, or null when it can.
    /// </summary>
    public readonly string? Validate(uint expectedBlock)
    {
        if (BlockNumber != expectedBlock) return $"block number {BlockNumber} where block {expectedBlock} was expected";
        if (DataLength > WireLayout.MaxDataLength)
            return $"data length {DataLength} exceeds the {WireLayout.MaxDataLength} bytes after the header";
        if (CommandLength + AuthLength > DataLength)
            return $"command length {CommandLength} and authentication length {AuthLength} exceed the data length {DataLength}";
        if (ReplyIpLength > WireLayout.MaxReplyIpLength)
            return $"reply IP length {ReplyIpLength} exceeds {WireLayout.MaxReplyIpLength}";
        if (expectedBlock == 1 && CommandLength == 0) return "the first block carries no command";
        return null;
    }
}
