using EdgeNode.Core.Commands;
using EdgeNode.Network.Rest;

namespace EdgeNode.Tests.Network;

public sealed class RestReplyTests
{
    [Fact]
    public void Errors_carry_EdgeLakes_keys_and_the_detail()
    {
        var reply = RestReply.Error(400, ErrorCode.CommandStructure, "unknown command 'get x'", "GET", "127.0.0.1");
        Assert.Equal(400, reply.Status);
        Assert.Equal("text/json", reply.ContentType);
        Assert.Equal("{\"method\": \"get\", \"node\": \"127.0.0.1\", \"err_code\": 2, \"err_text\": \"Error Command Structure\", " +
                     "\"local_msg\": \"unknown command 'get x'\"}", reply.Body);
        Assert.Equal("Error Command Structure", reply.ErrorText);
        Assert.Equal("{\"method\": \"post\", \"node\": \"n\", \"err_code\": 19, \"err_text\": \"Wrong HTTP method used\"}",
            RestReply.Error(400, ErrorCode.WrongHttpMethod, "", "POST", "n").Body);
    }

    [Fact]
    public void Put_success_is_byte_for_byte_EdgeLakes() =>
        Assert.Equal("{\"AnyLog.status\":\"Success\", \"AnyLog.hash\": \"0\" }", RestReply.IngestSuccess("0").Body);

    [Theory]
    [InlineData("{\"a\": 1}", "text/json")]
    [InlineData("  [1, 2]\n", "text/json")]
    [InlineData("node@1.2.3.4 running", "text")]
    [InlineData("{not closed", "text")]
    public void Json_looking_output_is_text_json(string output, string type) => Assert.Equal(type, RestReply.Ok(output).ContentType);
}
