using System.Text;
using EdgeNode.Network.Tcp.Wire;
using static EdgeNode.TestSupport.AnyLogFrames;

namespace EdgeNode.Tests.Network;

public sealed class MessageHeaderTests
{
    /// <summary>Every header field set to a distinct value, at the offsets and lengths of the SPEC table, big-endian.</summary>
    private static byte[] AllFieldsFixture()
    {
        var block = Block();
        Put(block, 0, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF); // hash
        Put(block, 16, 0x01, 0x02);                   // socket id
        Put(block, 18, 1, 2, 3, 4, 5, 6, 7, 8);       // socket time id
        Put(block, 26, 0, 0, 0, 9);                   // send counter
        Put(block, 30, 0, 1, 0, 2);                   // block number 65538
        Put(block, 34, 2);                            // data struct: segments
        Put(block, 35, 1);                            // last block
        Put(block, 36, 1);                            // info type: result set
        Put(block, 37, 0x01, 0x2C);                   // error code 300
        Put(block, 39, 0, 9);                         // command length ("job reply")
        Put(block, 41, 0, 4);                         // authentication length
        Put(block, 43, 0, 0, 0, 20);                  // data length
        Put(block, 47, 0, 3);                         // segments in block
        Put(block, 49, 1);                            // reply flag
        Put(block, 50, 0x03, 0xE7);                   // job location 999
        Put(block, 52, 0xDE, 0xAD, 0xBE, 0xEF);       // unique job id
        Put(block, 56, 0, 5);                         // receivers
        Put(block, 58, 0, 4);                         // receiver id
        Put(block, 60, 0, 12);                        // partitions used
        Put(block, 62, 0, 11);                        // partition id
        Put(block, 64, 0, 0, 0x30, 0x39);             // dbms ms 12345
        Put(block, 68, 0, 1, 0, 0);                   // send ms 65536
        Put(block, 72, 9);                            // reply ip length
        PutText(block, 73, "127.0.0.1");              // reply ip
        Put(block, 201, 0, 0, 0x7D, 0x64);            // reply port 32100
        Put(block, 205, 0, 2);                        // generic flag
        PutText(block, 207, "job reply");
        Put(block, 216, 0xA1, 0xA2, 0xA3, 0xA4);      // authentication bytes
        PutText(block, 220, "abcdefg");               // payload: 20 - 9 - 4 = 7 bytes
        return block;
    }

    [Fact]
    public void Every_header_field_is_decoded_from_its_offset_big_endian()
    {
        var header = MessageHeader.Read(AllFieldsFixture());

        Assert.Equal(UInt128.Parse("00112233445566778899AABBCCDDEEFF", System.Globalization.NumberStyles.HexNumber), header.BlockHash);
        Assert.Equal(0x0102, header.SocketId);
        Assert.Equal(0x0102030405060708UL, header.SocketTimeId);
        Assert.Equal(9u, header.SendCounter);
        Assert.Equal(65538u, header.BlockNumber);
        Assert.Equal(DataStruct.Segments, header.DataStruct);
        Assert.True(header.IsLastBlock);
        Assert.Equal(InfoType.ResultSet, header.InfoType);
        Assert.Equal(300, header.ErrorCode);
        Assert.Equal(9, header.CommandLength);
        Assert.Equal(4, header.AuthLength);
        Assert.Equal(20u, header.DataLength);
        Assert.Equal(3, header.SegmentCount);
        Assert.Equal(1, header.ReplyFlag);
        Assert.Equal(999, header.JobLocation);
        Assert.Equal(0xDEADBEEFu, header.JobId);
        Assert.Equal(5, header.Receivers);
        Assert.Equal(4, header.ReceiverId);
        Assert.Equal(12, header.PartitionsUsed);
        Assert.Equal(11, header.PartitionId);
        Assert.Equal(12345u, header.DbmsTime);
        Assert.Equal(65536u, header.SendTime);
        Assert.Equal("127.0.0.1", header.ReplyIp);
        Assert.Equal(32100u, header.ReplyPort);
        Assert.Equal(2, header.GenericFlag);
    }

    [Fact]
    public void A_non_zero_authentication_length_moves_the_payload_after_the_auth_bytes()
    {
        var block = AllFieldsFixture();
        var header = MessageHeader.Read(block);

        Assert.Equal("job reply", Encoding.ASCII.GetString(block, 207, header.CommandLength));
        Assert.Equal(220, header.PayloadOffset);
        Assert.Equal("abcdefg", Encoding.ASCII.GetString(block, header.PayloadOffset, header.PayloadLength));
        Assert.Equal(227, header.UsedLength);
        Assert.Null(header.Validate(65538));
    }

    [Fact]
    public void Writing_the_decoded_header_reproduces_the_fixture_bytes()
    {
        var fixture = AllFieldsFixture();
        var written = new byte[2048];
        MessageHeader.Read(fixture).Write(written);

        Assert.Equal(fixture.AsSpan(0, 207).ToArray(), written.AsSpan(0, 207).ToArray());
    }

    [Fact]
    public void A_command_block_is_laid_out_as_the_offset_table_says()
    {
        var header = new MessageHeader { InfoType = InfoType.Command, BlockNumber = 1, IsLastBlock = true };
        var block = new byte[2048];
        BlockWriter.Write(block, ref header, Encoding.UTF8.GetBytes("get status"), [7, 7], Encoding.UTF8.GetBytes("xyz"));

        var expected = Message(1, last: true, "get status", [7, 7], Encoding.UTF8.GetBytes("xyz"));
        Assert.Equal(expected, block);
    }

    [Fact]
    public void A_payload_longer_than_a_block_continues_in_numbered_blocks_that_repeat_the_command()
    {
        var command = Encoding.UTF8.GetBytes("print");
        var capacity = 2048 - 207 - command.Length; // 1836 payload bytes per block
        var payload = Enumerable.Range(0, capacity * 2 + 10).Select(i => (byte)(i % 251)).ToArray();
        var blocks = new MessageBlocks(new MessageHeader { InfoType = InfoType.Command, JobId = 7 }, command, payload);

        var written = new List<byte[]>();
        var buffer = new byte[2048];
        while (blocks.WriteNext(buffer)) written.Add(buffer.ToArray());

        Assert.Equal(3, written.Count);
        for (var i = 0; i < 3; i++)
        {
            var part = payload.Skip(i * capacity).Take(capacity).ToArray();
            var expected = Message((uint)i + 1, last: i == 2, "print", [], part);
            Put(expected, 52, 0, 0, 0, 7); // job id kept in every block
            Assert.Equal(expected, written[i]);
        }
    }

    [Fact]
    public void A_reply_ip_longer_than_128_bytes_is_refused_by_validation()
    {
        var block = Message(1, last: true, "get status", [], []);
        Put(block, 72, 200);
        var header = MessageHeader.Read(block);

        Assert.Equal("", header.ReplyIp);
        Assert.Contains("reply IP length 200 exceeds 128", header.Validate(1));
    }

    [Theory]
    [InlineData(2u, 1u, "block number 2 where block 1 was expected")]
    [InlineData(1u, 2u, "block number 1 where block 2 was expected")]
    public void A_block_out_of_order_is_refused(uint number, uint expected, string reason)
    {
        var header = MessageHeader.Read(Message(number, last: true, "get status", [], []));
        Assert.Equal(reason, header.Validate(expected));
    }

    [Fact]
    public void Lengths_that_do_not_fit_the_block_are_refused()
    {
        var tooLong = Message(1, last: true, "get status", [], []);
        Put(tooLong, 43, 0, 0, 0x08, 0x00); // 2048 bytes of data after the header
        Assert.Contains("data length 2048 exceeds the 1841 bytes", MessageHeader.Read(tooLong).Validate(1));

        var inconsistent = Message(1, last: true, "get status", [], []);
        Put(inconsistent, 41, 0, 50); // auth length beyond the data
        Assert.Contains("exceed the data length 10", MessageHeader.Read(inconsistent).Validate(1));

        var empty = Message(1, last: true, "", [], []);
        Assert.Equal("the first block carries no command", MessageHeader.Read(empty).Validate(1));
    }
}
