using System.Text;

namespace EdgeNode.Tests.Network;

/// <summary>
/// Hand-made blocks: bytes are put at the offsets of the SPEC §3.1 table written out as literal numbers (not through the
/// code under test), so that an offset or byte-order mistake in the codec cannot hide behind the same mistake here.
/// </summary>
internal static class WireFixture
{
    public static byte[] Block() => new byte[2048];

    public static void Put(byte[] block, int offset, params byte[] bytes) => bytes.CopyTo(block, offset);

    public static void PutText(byte[] block, int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(block, offset);

    /// <summary>A block of a message: command at 207, then authentication bytes, then the payload; lengths at 39, 41 and 43.</summary>
    public static byte[] Message(uint blockNumber, bool last, string command, byte[] auth, byte[] payload)
    {
        var block = Block();
        Put(block, 30, (byte)(blockNumber >> 24), (byte)(blockNumber >> 16), (byte)(blockNumber >> 8), (byte)blockNumber);
        Put(block, 35, last ? (byte)1 : (byte)0);
        Put(block, 36, 4);
        var commandBytes = Encoding.UTF8.GetBytes(command);
        Put(block, 39, (byte)(commandBytes.Length >> 8), (byte)commandBytes.Length);
        Put(block, 41, (byte)(auth.Length >> 8), (byte)auth.Length);
        var data = commandBytes.Length + auth.Length + payload.Length;
        Put(block, 43, 0, 0, (byte)(data >> 8), (byte)data);
        Put(block, 207, commandBytes);
        Put(block, 207 + commandBytes.Length, auth);
        Put(block, 207 + commandBytes.Length + auth.Length, payload);
        return block;
    }
}
