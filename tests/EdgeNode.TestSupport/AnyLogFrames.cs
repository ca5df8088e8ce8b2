using System.Buffers.Binary;
using System.Text;

namespace EdgeNode.TestSupport;

/// <summary>
/// AnyLog TCP frames made by hand, as an EdgeLake node would send them: bytes are put at the offsets of the SPEC §3.1
/// table written out as literal numbers (not through the code under test), so that an offset or byte-order mistake in
/// the codec cannot hide behind the same mistake here. <see cref="Parse"/> reads a received block the same way.
/// </summary>
public static class AnyLogFrames
{
    public const int BlockSize = 2048;
    public const int HeaderSize = 207;

    public static byte[] Block() => new byte[BlockSize];

    public static void Put(byte[] block, int offset, params byte[] bytes) => bytes.CopyTo(block, offset);

    public static void PutText(byte[] block, int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(block, offset);

    public static void PutUInt16(byte[] block, int offset, int value) => BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan(offset), (ushort)value);

    public static void PutUInt32(byte[] block, int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(offset), value);

    /// <summary>A block: command at 207, then authentication bytes, then the payload; lengths at 39, 41 and 43; info type 4.</summary>
    public static byte[] Message(uint blockNumber, bool last, string command, byte[] auth, byte[] payload)
    {
        var block = Block();
        PutUInt32(block, 30, blockNumber);
        Put(block, 35, last ? (byte)1 : (byte)0);
        Put(block, 36, 4);
        var commandBytes = Encoding.UTF8.GetBytes(command);
        PutUInt16(block, 39, commandBytes.Length);
        PutUInt16(block, 41, auth.Length);
        PutUInt32(block, 43, (uint)(commandBytes.Length + auth.Length + payload.Length));
        Put(block, 207, commandBytes);
        Put(block, 207 + commandBytes.Length, auth);
        Put(block, 207 + commandBytes.Length + auth.Length, payload);
        return block;
    }

    /// <summary>Sets the reply address (offsets 72, 73, 201) and job fields (50 location, 52 id, 56 receivers, 58 receiver id).</summary>
    public static byte[] WithReply(byte[] block, string ip, int port, int jobLocation = 0, uint jobId = 0, int receivers = 1, int receiverId = 0)
    {
        Put(block, 72, (byte)ip.Length);
        PutText(block, 73, ip);
        PutUInt32(block, 201, (uint)port);
        PutUInt16(block, 50, jobLocation);
        PutUInt32(block, 52, jobId);
        PutUInt16(block, 56, receivers);
        PutUInt16(block, 58, receiverId);
        return block;
    }

    /// <summary>The fields of a received block a test checks.</summary>
    public sealed record Frame(uint BlockNumber, bool Last, int ErrorCode, string Command, byte[] Payload, int JobLocation, uint JobId,
        int ReceiverId, string ReplyIp, int ReplyPort, int GenericFlag, int ReplyFlag);

    public static Frame Parse(ReadOnlySpan<byte> block)
    {
        var commandLength = BinaryPrimitives.ReadUInt16BigEndian(block[39..]);
        var authLength = BinaryPrimitives.ReadUInt16BigEndian(block[41..]);
        var dataLength = (int)BinaryPrimitives.ReadUInt32BigEndian(block[43..]);
        var payloadStart = HeaderSize + commandLength + authLength;
        return new Frame(
            BinaryPrimitives.ReadUInt32BigEndian(block[30..]),
            block[35] != 0,
            BinaryPrimitives.ReadUInt16BigEndian(block[37..]),
            Encoding.UTF8.GetString(block.Slice(HeaderSize, commandLength)),
            block.Slice(payloadStart, dataLength - commandLength - authLength).ToArray(),
            BinaryPrimitives.ReadUInt16BigEndian(block[50..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[52..]),
            BinaryPrimitives.ReadUInt16BigEndian(block[58..]),
            Encoding.ASCII.GetString(block.Slice(73, block[72])),
            (int)BinaryPrimitives.ReadUInt32BigEndian(block[201..]),
            BinaryPrimitives.ReadUInt16BigEndian(block[205..]),
            block[49]);
    }
}
