using System.Net;
using System.Text.Json;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests;

/// <summary>
/// SPEC §4's method rule per verb, called over HTTP as a client would: read-only verbs by GET only, <c>sql</c>, <c>print</c>,
/// <c>wait</c> by either method, every other command by POST; the wrong method is a 400 with "Wrong HTTP method used".
/// </summary>
public sealed class RestMethodRuleCallTests
{
    public static TheoryData<string> ReadOnlyCommands =>
    [
        "get status", "get processes", "help get status", "blockchain get *", "blockchain read", "query status",
        "job status", "job active", "time file get", "time file summary",
    ];

    public static TheoryData<string> EitherMethodCommands =>
    [
        "print hello", "wait 0", "sql test format = json \"select 1\"",
    ];

    public static TheoryData<string> ChangingCommands =>
    [
        "set rule_key = 1", "rule_key = 1", "flush buffers", "run streamer", "connect dbms test where type = sqlite and memory = true",
        "blockchain insert where policy = !no_policy and local = true", "set buffer threshold where time = 1 minute and volume = 10KB",
        "exit node", "get status & set rule_key = 2",
    ];

    [Theory]
    [MemberData(nameof(ReadOnlyCommands))]
    public async Task Read_only_verbs_answer_get_and_refuse_post(string command)
    {
        await using var rest = await RestNode.StartAsync();
        using var get = await rest.GetAsync(command);
        await NotAMethodErrorAsync(get);
        using var post = await rest.PostAsync(command);
        var error = await post.ErrorAsync(ErrorCode.WrongHttpMethod);
        Assert.Contains("read-only command: use GET", error.GetProperty("local_msg").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EitherMethodCommands))]
    public async Task Sql_print_and_wait_take_either_method(string command)
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("connect dbms test where type = sqlite and memory = true");
        using var get = await rest.GetAsync(command);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var post = await rest.PostAsync(command);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(await get.TextAsync(), await post.TextAsync());
    }

    [Theory]
    [MemberData(nameof(ChangingCommands))]
    public async Task Changing_commands_refuse_get_and_change_nothing(string command)
    {
        await using var rest = await RestNode.StartAsync();
        using var get = await rest.GetAsync(command);
        var error = await get.ErrorAsync(ErrorCode.WrongHttpMethod);
        Assert.Equal("get", error.GetProperty("method").GetString());
        Assert.Null(rest.Node.Var("rule_key"));
        // the node is still serving (an 'exit node' sent by GET did not run)
        using var status = await rest.GetAsync("get status");
        Assert.Equal("edgenode@127.0.0.1 running", await status.TextAsync());
    }

    /// <summary>The call was accepted by the method rule: 200, or an error of the command itself, never a method error.</summary>
    private static async Task NotAMethodErrorAsync(HttpResponseMessage response)
    {
        var text = await response.TextAsync();
        if (response.StatusCode == HttpStatusCode.OK) return;
        var code = JsonDocument.Parse(text).RootElement.GetProperty("err_code").GetInt32();
        Assert.NotEqual((int)ErrorCode.WrongHttpMethod, code);
    }
}
