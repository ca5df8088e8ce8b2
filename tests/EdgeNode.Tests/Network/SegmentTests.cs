using System.Buffers;
using System.Text;
using EdgeNode.Network.Tcp.Wire;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.Tests.Network;

public sealed class SegmentTests
{
    private static readonly byte[] JobReply = Encoding.UTF8.GetBytes("job reply");
    private static readonly int Capacity = 2048 - 207 - JobReply.Length; // 1832 bytes of segments per block

    private static List<byte[]> Encode(IEnumerable<string> rows, out int blocks)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new SegmentBlockWriter(output, new MessageHeader { JobLocation = 3, JobId = 42 }, JobReply);
        foreach (var row in rows) writer.Add(Encoding.UTF8.GetBytes(row));
        writer.Complete(errorCode: 0, dbmsMilliseconds: 15, sendMilliseconds: 3);
        blocks = writer.BlocksWritten;
        return output.WrittenSpan.ToArray().Chunk(2048).ToList();
    }

    private static List<string> Decode(List<byte[]> blocks)
    {
        var reader = new SegmentReader();
        var rows = new List<string>();
        foreach (var block in blocks)
        {
            var header = MessageHeader.Read(block);
            Assert.Null(reader.Read(block.AsSpan(header.PayloadOffset, header.PayloadLength), header.SegmentCount, rows));
        }
        Assert.False(reader.HasPartialRow);
        return rows;
    }

    [Fact]
    public void Whole_rows_are_length_flag_bytes_segments_counted_at_offset_47()
    {
        var blocks = Encode(["{\"a\":1}", "{\"b\":22}"], out var count);

        Assert.Equal(1, count);
        var segments = new byte[] { 0, 7, 0 }.Concat("{\"a\":1}"u8.ToArray()).Concat(new byte[] { 0, 8, 0 }).Concat("{\"b\":22}"u8.ToArray()).ToArray();
        var expected = Message(1, last: true, "job reply", [], segments);
        Put(expected, 34, 2);            // data struct: JSON segments
        Put(expected, 36, 1);            // info type: result set
        Put(expected, 47, 0, 2);         // two segments
        Put(expected, 50, 0, 3);         // job location
        Put(expected, 52, 0, 0, 0, 42);  // unique job id
        Put(expected, 64, 0, 0, 0, 15);  // dbms ms on the last block
        Put(expected, 68, 0, 0, 0, 3);   // send ms on the last block
        Assert.Equal(expected, blocks[0]);
    }

    [Fact]
    public void A_row_that_does_not_fit_is_split_with_continued_and_final_flags()
    {
        var first = new string('x', Capacity - 3 - 10); // leaves 10 bytes: 3 for a segment header, 7 for a part
        var second = "{\"row\":\"" + new string('y', 30) + "\"}";
        var blocks = Encode([first, second], out var count);

        Assert.Equal(2, count);
        var block1 = MessageHeader.Read(blocks[0]);
        Assert.False(block1.IsLastBlock);
        Assert.Equal(2, block1.SegmentCount);
        var split = block1.PayloadOffset + 3 + first.Length;
        Assert.Equal(new byte[] { 0, 7, 1 }, blocks[0].AsSpan(split, 3).ToArray()); // first part: 7 bytes, continued
        var block2 = MessageHeader.Read(blocks[1]);
        Assert.True(block2.IsLastBlock);
        Assert.Equal(1, block2.SegmentCount);
        Assert.Equal(new byte[] { 0, (byte)(second.Length - 7), 2 }, blocks[1].AsSpan(block2.PayloadOffset, 3).ToArray()); // final part
        Assert.Equal([first, second], Decode(blocks));
    }

    [Fact]
    public void A_row_longer_than_a_block_spans_blocks_and_decodes_whole()
    {
        var huge = "{\"text\":\"" + string.Concat(Enumerable.Range(0, 1200).Select(i => $"{i:D4}é")) + "\"}";
        var rows = new[] { "{\"n\":1}", huge, "{\"n\":3}" };
        var blocks = Encode(rows, out var count);

        Assert.True(count >= 4, $"{count} blocks");
        var flags = blocks.Skip(1).Take(count - 2).Select(b => b[MessageHeader.Read(b).PayloadOffset + 2]).ToArray();
        Assert.All(flags, f => Assert.Equal(1, f)); // middle blocks hold one Continued part of the huge row
        Assert.Equal(rows, Decode(blocks));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (uint)i), blocks.Select(b => MessageHeader.Read(b).BlockNumber));
    }

    [Fact]
    public void No_rows_is_one_last_block_without_segments_carrying_the_error_code()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new SegmentBlockWriter(output, new MessageHeader(), JobReply);
        writer.Complete(errorCode: 24, dbmsMilliseconds: 0, sendMilliseconds: 0);
        var header = MessageHeader.Read(output.WrittenSpan);

        Assert.Equal(2048, output.WrittenCount);
        Assert.True(header.IsLastBlock);
        Assert.Equal(0, header.SegmentCount);
        Assert.Equal(24, header.ErrorCode);
    }

    [Fact]
    public void Malformed_segments_are_reported()
    {
        var rows = new List<string>();
        Assert.Contains("declares 50 bytes", new SegmentReader().Read([0, 50, 0, 1, 2], 1, rows));
        Assert.Contains("starts past the data", new SegmentReader().Read([0, 1, 0, 65], 2, rows));
        Assert.Contains("ends a split row that was never started", new SegmentReader().Read([0, 1, 2, 65], 1, rows));
        Assert.Contains("unknown flag 9", new SegmentReader().Read([0, 1, 9, 65], 1, rows));

        var reader = new SegmentReader();
        Assert.Null(reader.Read([0, 1, 1, 65], 1, rows));
        Assert.True(reader.HasPartialRow);
        Assert.Contains("whole row while a split row is not finished", reader.Read([0, 1, 0, 66], 1, rows));
    }
}
