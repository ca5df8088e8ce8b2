using EdgeNode.Core.Commands;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Tests.Network;

public sealed class WireCommandTests
{
    [Fact]
    public void A_quoted_word_travels_with_tabs_for_spaces_and_comes_back_as_one_word()
    {
        var wire = WireCommand.Encode(Tokenizer.Tokenize("sql lsl_demo format = json \"select count(*) from ping_sensor\""));

        Assert.Equal("sql lsl_demo format = json select\tcount(*)\tfrom\tping_sensor", wire);
        var line = WireCommand.ToCommandLine(wire);
        Assert.Equal("sql lsl_demo format = json \"select count(*) from ping_sensor\"", line);
        Assert.Equal("select count(*) from ping_sensor", Tokenizer.Tokenize(line)[^1].Text);
    }

    [Fact]
    public void Remote_references_lose_one_exclamation_mark_and_local_text_is_kept()
    {
        var wire = WireCommand.Encode(Tokenizer.Tokenize("file copy /tmp/a.json !!watch_dir and x != 3 where y = (a, b)"));
        Assert.Equal("file copy /tmp/a.json !watch_dir and x != 3 where y = (a, b)", wire);
    }

    [Fact]
    public void A_command_without_tabs_is_used_as_received()
    {
        const string policy = "blockchain push {\"table\": {\"name\": \"t\", \"dbms\": \"d\"}}";
        Assert.Same(policy, WireCommand.ToCommandLine(policy));
    }
}
