using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// Decodes the segments of successive <c>job reply</c> blocks of one message back into rows, joining a row split across
/// blocks (Continued parts, then a Final part). Malformed segments are reported, never guessed.
/// </summary>
internal sealed class SegmentReader
{
    private readonly ArrayBufferWriter<byte> _partial = new();
    private bool _pending;

    /// <summary>A row was started (Continued) and its Final part has not arrived yet.</summary>
    public bool HasPartialRow => _pending;

    /// <summary>Appends the rows completed by this block to <paramref name="rows"/>; returns why the block is malformed, or null.</summary>
    public string? Read(ReadOnlySpan<byte> payload, int segmentCount, List<string> rows)
    {
        var offset = 0;
        for (var i = 0; i < segmentCount; i++)
        {
            if (payload.Length - offset < SegmentBlockWriter.SegmentHeaderSize)
                return $"segment {i + 1} of {segmentCount} starts past the data of the block";
            var length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            var flag = payload[offset + 2];
            offset += SegmentBlockWriter.SegmentHeaderSize;
            if (length > payload.Length - offset)
                return $"segment {i + 1} of {segmentCount} declares {length} bytes, {payload.Length - offset} are left";
            var bytes = payload.Slice(offset, length);
            offset += length;
            switch ((SegmentFlag)flag)
            {
                case SegmentFlag.Whole when !_pending:
                    rows.Add(Encoding.UTF8.GetString(bytes));
                    break;
                case SegmentFlag.Continued:
                    _partial.Write(bytes);
                    _pending = true;
                    break;
                case SegmentFlag.Final when _pending:
                    _partial.Write(bytes);
                    rows.Add(Encoding.UTF8.GetString(_partial.WrittenSpan));
                    _partial.Clear();
                    _pending = false;
                    break;
                case SegmentFlag.Whole:
                    return $"segment {i + 1} is a whole row while a split row is not finished";
                case SegmentFlag.Final:
                    return $"segment {i + 1} ends a split row that was never started";
                default:
                    return $"segment {i + 1} has unknown flag {flag}";
            }
        }
        return null;
    }
}
