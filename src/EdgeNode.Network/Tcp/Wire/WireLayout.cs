namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// The AnyLog TCP block (SPEC §3.1, EdgeLake <c>tcpip/message_header.py</c>): every message is a sequence of 2048-byte
/// blocks, each starting with a 207-byte big-endian header. Offsets and lengths of the header fields.
/// </summary>
internal static class WireLayout
{
    public const int BlockSize = 2048;
    public const int HeaderSize = 207;

    /// <summary>Bytes after the header: command + authentication + payload.</summary>
    public const int MaxDataLength = BlockSize - HeaderSize;

    public const int BlockHash = 0;
    public const int BlockHashLength = 16;
    public const int SocketId = 16;          // 2
    public const int SocketTimeId = 18;      // 8
    public const int SendCounter = 26;       // 4
    public const int BlockNumber = 30;       // 4
    public const int DataStruct = 34;        // 1
    public const int LastBlock = 35;         // 1
    public const int InfoType = 36;          // 1
    public const int ErrorCode = 37;         // 2
    public const int CommandLength = 39;     // 2
    public const int AuthLength = 41;        // 2
    public const int DataLength = 43;        // 4
    public const int SegmentCount = 47;      // 2
    public const int ReplyFlag = 49;         // 1
    public const int JobLocation = 50;       // 2
    public const int JobId = 52;             // 4
    public const int Receivers = 56;         // 2
    public const int ReceiverId = 58;        // 2
    public const int PartitionsUsed = 60;    // 2
    public const int PartitionId = 62;       // 2
    public const int DbmsTime = 64;          // 4
    public const int SendTime = 68;          // 4
    public const int ReplyIpLength = 72;     // 1
    public const int ReplyIp = 73;           // 128
    public const int MaxReplyIpLength = 128;
    public const int ReplyPort = 201;        // 4
    public const int GenericFlag = 205;      // 2
}
