using System.Net;
using EdgeNode.Core.Commands;

namespace EdgeNode.IntegrationTests.Security;

/// <summary>
/// <c>set command access</c>: a read-only query node refuses REST callers' commands and data that would change it, and a
/// node refuses the commands a remote peer may not run (error 212 back to the peer), while reads keep working.
/// </summary>
public sealed class CommandAccessTests
{
    [Fact]
    public async Task A_readonly_rest_node_answers_queries_and_refuses_changes_and_data()
    {
        await using var rest = await RestNode.StartAsync();
        await rest.Node.OkAsync("connect dbms test where type = sqlite");
        await rest.Node.OkAsync("sql test \"create table readings (value float)\"");
        await rest.Node.OkAsync("set command access where caller = rest and allow = readonly");

        using (var status = await rest.GetAsync("get status"))
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using (var query = await rest.GetAsync("sql test format = json \"select count(*) as n from readings\""))
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        using var connect = await rest.PostAsync("connect dbms other where type = sqlite");
        var refused = await connect.ErrorAsync(ErrorCode.UnauthorizedCommand);
        Assert.Equal("'connect dbms' is not allowed to REST callers on this node (allowed: readonly)", refused.GetProperty("local_msg").GetString());
        using var insert = await rest.PostAsync("sql test \"insert into readings values (1)\"");
        await insert.ErrorAsync(ErrorCode.UnauthorizedCommand);
        using var sneaky = await rest.GetAsync("sql test \"select 1; drop table readings\"");
        await sneaky.ErrorAsync(ErrorCode.UnauthorizedCommand);
        using var put = await rest.SendAsync(HttpMethod.Put, null, "{\"value\": 1}", ("dbms", "test"), ("table", "readings"), ("type", "json"));
        await put.ErrorAsync(ErrorCode.UnauthorizedCommand, HttpStatusCode.Forbidden);

        // the console is not a REST caller: it still changes the node, and may open data to REST
        await rest.Node.OkAsync("set command access where caller = rest and allow = \"readonly, data\"");
        Assert.Contains("rest  |readonly, data", await rest.Node.OkAsync("get command access"), StringComparison.Ordinal);
        using var accepted = await rest.SendAsync(HttpMethod.Put, null, "{\"value\": 1}", ("dbms", "test"), ("table", "readings"), ("type", "json"));
        Assert.NotEqual(HttpStatusCode.Forbidden, accepted.StatusCode);
    }

    [Fact]
    public async Task A_remote_peer_is_refused_a_forbidden_command_and_may_still_read()
    {
        await using var a = new TestNode();
        await using var b = new TestNode();
        var portB = FreePort.Get();
        await a.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
        await b.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {portB} and bind = true");
        await b.OkAsync("set node name node-b");
        await b.OkAsync("set command access where caller = peer and allow = readonly");

        var read = await a.RunAsync($"run client (127.0.0.1:{portB}) get status");
        Assert.Contains($"node-b@127.0.0.1:{portB} running", read.Display + a.Output, StringComparison.Ordinal);
        var forbidden = await a.RunAsync($"run client (127.0.0.1:{portB}) set node name hijacked");
        Assert.Contains($"[From Node 127.0.0.1:{portB}] Error 212: Unauthorized command: 'set node name' is not allowed to remote peers on this node " +
                        "(allowed: readonly)", forbidden.Display + a.Output, StringComparison.Ordinal);
        Assert.Equal("node-b", b.Var("node_name"));
        Assert.Contains("is not allowed to remote peers", string.Join('\n', b.Node.Log.Errors.Entries().Select(e => e.Message)), StringComparison.Ordinal);
    }
}
