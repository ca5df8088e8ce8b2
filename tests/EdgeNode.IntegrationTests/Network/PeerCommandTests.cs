using System.Diagnostics;
using System.Text.Json;

namespace EdgeNode.IntegrationTests.Network;

/// <summary>Three real node processes talking the AnyLog TCP protocol on 127.0.0.1, driven as a user drives them.</summary>
public sealed class PeerCommandTests : IAsyncLifetime
{
    private readonly int _portA = FreePort.Get(), _portB = FreePort.Get(), _portC = FreePort.Get();
    private NodeProcess _a = null!, _b = null!, _c = null!;

    private string B => $"127.0.0.1:{_portB}";
    private string C => $"127.0.0.1:{_portC}";

    public async ValueTask InitializeAsync()
    {
        var starting = new[] { PeerNodes.StartAsync("node-a", _portA), PeerNodes.StartAsync("node-b", _portB), PeerNodes.StartAsync("node-c", _portC) };
        var nodes = await Task.WhenAll(starting);
        (_a, _b, _c) = (nodes[0], nodes[1], nodes[2]);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _c.DisposeAsync();
    }

    [Fact]
    public async Task Run_client_fans_out_and_collects_every_reply()
    {
        var output = await _a.RunAsync($"run client ({B}, {C}) get status");

        Assert.Contains($"[From Node {B}] node-b@{B} running", output, StringComparison.Ordinal);
        Assert.Contains($"[From Node {C}] node-c@{C} running", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assignments_store_the_reply_a_list_or_an_object_of_replies()
    {
        await _a.SendAsync($"one = run client ({B}) get status");
        Assert.Equal($"node-b@{B} running", await _a.RunAsync("get !one"));

        await _a.SendAsync($"all[] = run client ({B}, {C}) get status");
        var list = JsonSerializer.Deserialize<string[]>(await _a.RunAsync("get !all")) ?? [];
        Assert.Equal([$"node-b@{B} running", $"node-c@{C} running"], list);

        await _a.SendAsync($"each{{}} = run client ({B}, {C}) get status where format = json");
        using var each = JsonDocument.Parse(await _a.RunAsync("get !each"));
        Assert.Equal($"node-c@{C}", each.RootElement.GetProperty(C).GetProperty("assigned_name").GetString());
        Assert.Equal("running", each.RootElement.GetProperty(B).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Remote_references_resolve_on_the_peer_and_local_ones_here()
    {
        await _b.SendAsync("color = blue");
        await _a.SendAsync("color = red");

        Assert.Equal($"[From Node {B}] ", await _a.RunAsync($"run client ({B}) mixed = !!color !color"));
        Assert.Equal($"[From Node {B}] blue red", await _a.RunAsync($"run client ({B}) get !!mixed"));
    }

    [Fact]
    public async Task Echo_to_a_peer_is_shown_on_the_peer_and_kept_in_its_echo_queue()
    {
        Assert.Equal("", await _a.RunAsync($"run client ({B}, {C}) echo hello from a"));

        var line = $"[From Node 127.0.0.1:{_portA}] hello from a";
        await _b.WaitForOutputAsync(line);
        await _c.WaitForOutputAsync(line);
        Assert.Contains(line, await _b.RunAsync("get echo queue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_stays_silent_times_out_and_a_closed_port_fails_at_once()
    {
        await using var silent = new RawPeer();
        var closed = $"127.0.0.1:{FreePort.Get()}";
        var clock = Stopwatch.StartNew();

        var output = await _a.RunAsync($"run client ({silent.Address}, {closed}, {B}, timeout = 1) get status");

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 8);
        Assert.Contains($"[From Node {B}] node-b@{B} running", output, StringComparison.Ordinal);
        Assert.Contains($"[From Node {closed}] Failed: cannot reach the node: Connection refused", output, StringComparison.Ordinal);
        Assert.Contains($"[From Node {silent.Address}] Timeout: no reply within 1 seconds", output, StringComparison.Ordinal);
        Assert.Contains("Error 18: Network not available: 2 of 3 nodes did not reply", output, StringComparison.Ordinal);
        Assert.Equal("get status", (await silent.NextAsync())[0].Command); // the silent peer did receive the command

        var partial = await _a.RunAsync($"run client ({silent.Address}, {B}, subset = true, timeout = 1) get status");
        Assert.DoesNotContain("Error", partial, StringComparison.Ordinal);
        Assert.Contains($"node-b@{B} running", await _a.RunAsync($"run client ({B}) get status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_reply_ip_names_the_address_peers_reply_to()
    {
        await using var peer = new RawPeer();
        async Task<AnyLogFrames.Frame> SentAsync()
        {
            await _a.RunAsync($"run client ({peer.Address}, timeout = 1) get status");
            return (await peer.NextAsync())[0];
        }

        var plain = await SentAsync();
        Assert.Equal(("127.0.0.1", _portA), (plain.ReplyIp, plain.ReplyPort));

        Assert.Equal("Replies come to 10.9.8.7", (await _a.OkAsync("set reply ip = 10.9.8.7")).Trim());
        var named = await SentAsync();
        Assert.Equal(("10.9.8.7", _portA), (named.ReplyIp, named.ReplyPort));

        // dynamic: the receiver replies to the IP the message came from, so a real peer still answers
        await _a.OkAsync("set reply ip = dynamic");
        Assert.Equal("0.0.0.0", (await SentAsync()).ReplyIp);
        Assert.Contains($"[From Node {B}] node-b@{B} running", await _a.OkAsync($"run client ({B}) get status"), StringComparison.Ordinal);

        await _a.OkAsync("set reply ip = default");
        Assert.Equal("127.0.0.1", (await SentAsync()).ReplyIp);
        Assert.Contains("Error 5: ", await _a.RunAsync("set reply ip = somewhere"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_self_ip_names_this_node_in_every_message_and_set_reply_ip_wins_for_replies()
    {
        await using var peer = new RawPeer();
        async Task<string> SentIpAsync()
        {
            await _a.RunAsync($"run client ({peer.Address}, timeout = 1) get status");
            var frame = (await peer.NextAsync())[0];
            Assert.Equal(_portA, frame.ReplyPort);
            return frame.ReplyIp;
        }

        Assert.Equal("Messages name this node as 10.1.2.3", (await _a.OkAsync("set self ip = 10.1.2.3")).Trim());
        Assert.Equal("10.1.2.3", await SentIpAsync());
        var shown = await _a.OkAsync("get self ip");
        Assert.Matches(@"reply ip +\| default +\|", shown);
        Assert.Matches(@"self ip +\| 10\.1\.2\.3 +\|", shown);
        Assert.Matches($@"local peers reply to +\| 10\.1\.2\.3:{_portA} +\|", shown);
        Assert.Matches($@"remote peers reply to *\| 10\.1\.2\.3:{_portA} +\|", shown);

        // the reply ip names where replies go; the self ip comes back when it is reset
        await _a.OkAsync("set reply ip = 10.9.8.7");
        Assert.Equal("10.9.8.7", await SentIpAsync());
        Assert.Matches($@"local peers reply to +\| 10\.9\.8\.7:{_portA} +\|", await _a.OkAsync("get reply ip"));
        Assert.Equal("Replies come to the self ip 10.1.2.3", (await _a.OkAsync("set reply ip = default")).Trim());
        Assert.Equal("10.1.2.3", await SentIpAsync());

        // a real peer replies to the self ip: 127.0.0.1 reaches this node
        await _a.OkAsync("set self ip = 127.0.0.1");
        Assert.Contains($"[From Node {B}] node-b@{B} running", await _a.OkAsync($"run client ({B}) get status"), StringComparison.Ordinal);

        await _a.OkAsync("set self ip = default");
        Assert.Equal("127.0.0.1", await SentIpAsync());
        Assert.Matches(@"self ip +\| default +\|", await _a.OkAsync("get self ip"));
        Assert.Contains("Error 5: ", await _a.RunAsync("set self ip = somewhere"), StringComparison.Ordinal);
        Assert.Contains("Error 5: ", await _a.RunAsync("set self ip = 0.0.0.0"), StringComparison.Ordinal);
        Assert.Contains("Error 2: ", await _a.RunAsync("set self ip 10.1.2.3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_network_shows_which_nodes_of_the_metadata_answer()
    {
        var closed = FreePort.Get();
        Assert.Equal("No master, operator, query, publisher policies with an ip and port in the metadata", (await _a.OkAsync("test network")).Trim());
        await _a.OkAsync($"<p = {{\"query\": {{\"name\": \"node-b\", \"company\": \"c\", \"ip\": \"127.0.0.1\", \"port\": {_portB}}}}}>\n" +
                         "blockchain insert where policy = !p and local = true");
        await _a.OkAsync($"<p = {{\"publisher\": {{\"name\": \"gone\", \"company\": \"c\", \"ip\": \"127.0.0.1\", \"port\": {closed}}}}}>\n" +
                         "blockchain insert where policy = !p and local = true");
        Assert.Contains("Error 18: ", await _a.RunAsync("exit tcp\ntest network"), StringComparison.Ordinal);
        await _a.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {_portA} and bind = true");

        var table = await _a.OkAsync("test network");
        Assert.Contains($"\n{B}|query    |node-b   |  +", table, StringComparison.Ordinal);
        Assert.Contains($"\n127.0.0.1:{closed}|publisher|gone     |Failed: cannot reach the node: Connection refused|", table, StringComparison.Ordinal);
        Assert.DoesNotContain("gone", await _a.OkAsync("test network with query"), StringComparison.Ordinal);
        Assert.Contains("Error 2: ", await _a.RunAsync("test network with friends"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_on_the_peer_come_back_to_the_requester()
    {
        var output = await _a.RunAsync($"run client ({B}) get nonsense");
        Assert.StartsWith($"[From Node {B}] Error 2: Error Command Structure: unknown get command 'get nonsense'", output, StringComparison.Ordinal);

        var unknown = await _a.RunAsync($"run client ({B}) frobnicate the widgets");
        Assert.Contains($"[From Node {B}] Error 2: Error Command Structure: unknown command 'frobnicate the widgets'", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sticky_destination_sends_prompt_lines_until_run_client_alone()
    {
        // while the destination is sticky, the test's own "echo <marker>" would go to the peer too: wait for output instead
        var start = _a.Output.Length;
        await _a.SendAsync($"run client ({B})");
        await _a.SendAsync("get status");
        await _a.SendAsync(".get processes");
        await _a.SendAsync("run client");
        await _a.WaitForOutputAsync("Commands run on this node", from: start);
        var output = _a.Output[start..];

        Assert.Contains($"Commands are sent to ({B})", output, StringComparison.Ordinal);
        Assert.Contains($"[From Node {B}] node-b@{B} running", output, StringComparison.Ordinal);
        Assert.Contains($"Listening on: 127.0.0.1:{_portA}", output, StringComparison.Ordinal); // '.' ran it here
        Assert.Equal($"node-a@127.0.0.1:{_portA} running", await _a.RunAsync("get status"));
    }

    [Fact]
    public async Task A_command_larger_than_a_block_travels_as_a_large_message_and_runs()
    {
        var value = string.Concat(Enumerable.Repeat("0123456789", 400)); // 4000 bytes: more than one block
        await _a.RunAsync($"run client ({B}) big = {value}");

        Assert.Equal(value, await _b.RunAsync("get !big"));
        Assert.Equal($"[From Node {B}] {value}", await _a.RunAsync($"run client ({B}) get !!big"));
    }

    [Fact]
    public async Task The_tcp_server_shows_in_processes_connections_and_pool_and_restarts_on_the_same_port()
    {
        var processes = await _b.RunAsync("get processes");
        Assert.Contains($"TCP            |Running     |Listening on: {B}, Threads Pool: 6|", processes, StringComparison.Ordinal);
        Assert.Contains($"TCP      |{B} |{B} |{B}|", await _b.RunAsync("get connections"), StringComparison.Ordinal);
        Assert.Matches(@"^TCP Pool with 6 threads: {36}\[[01], [01], [01], [01], [01], [01]\] \(\d+\)$", await _b.RunAsync("get tcp pool"));

        await _a.RunAsync($"run client ({B}) get status"); // leaves a connection in TIME_WAIT on B's port
        Assert.Equal("", await _b.RunAsync("exit tcp"));
        Assert.Contains("TCP            |Not declared|", await _b.RunAsync("get processes"), StringComparison.Ordinal);
        Assert.Contains("Failed: cannot reach the node", await _a.RunAsync($"run client ({B}) get status"), StringComparison.Ordinal);

        Assert.Equal("", await _b.RunAsync($"run tcp server 127.0.0.1 {_portB} 127.0.0.1 {_portB} 3 where bind = true"));
        Assert.Contains("Threads Pool: 3", await _b.RunAsync("get processes"), StringComparison.Ordinal);
        Assert.Contains($"node-b@{B} running", await _a.RunAsync($"run client ({B}) get status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_client_without_a_tcp_server_or_with_network_routing_says_why()
    {
        await _c.RunAsync("exit tcp");
        Assert.Contains("the TCP server of this node is not running", await _c.RunAsync($"run client ({B}) get status"), StringComparison.Ordinal);
        Assert.Contains("Error 20", await _a.RunAsync("run client () get status"), StringComparison.Ordinal);
    }
}
