using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;

namespace EdgeNode.Tests.Network;

/// <summary>
/// A master and a node in this process, talking over real TCP on 127.0.0.1: the master keeps its ledger table in SQLite,
/// the node syncs from it with <c>run blockchain sync</c>.
/// </summary>
public sealed class BlockchainSyncTests : IAsyncLifetime
{
    private const string Cluster = "{\"cluster\": {\"company\": \"acme\", \"name\": \"c1\"}}";
    private const string Tag = "{\"tag\": {\"name\": \"only on the node\"}}";

    private readonly TestNode _master = new();
    private readonly TestNode _node = new();
    private readonly int _masterPort = FreePort.Get();
    private readonly int _nodePort = FreePort.Get();

    private string Master => $"127.0.0.1:{_masterPort}";

    public async ValueTask InitializeAsync()
    {
        await _master.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {_masterPort} and bind = true");
        await _master.OkAsync("connect dbms blockchain where type = sqlite");
        await _master.OkAsync("create table ledger where dbms = blockchain");
        await _node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {_nodePort} and bind = true");
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _master.DisposeAsync();
    }

    private Task StartSyncAsync(TestNode node, string period = "30 seconds", string extra = "") =>
        node.OkAsync($"run blockchain sync where source = master and time = {period} and dest = file and connection = {Master}{extra}");

    private static async Task<string> InsertAsync(TestNode node, string policy, string extra = "")
    {
        node.Node.Dictionary.Set("new_policy", policy);
        await node.OkAsync("blockchain insert where policy = !new_policy and local = true" + extra);
        return node.Node.Dictionary.Get("new_policy")!;
    }

    private static async Task<JsonObject> SynchronizerAsync(TestNode node) =>
        JsonNode.Parse(await node.OkAsync("get synchronizer where format = json"))!.AsObject();

    private static long Count(JsonObject synchronizer, string key) => synchronizer[key]!.GetValue<long>();

    private static string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task A_node_takes_the_masters_ledger_keeps_its_local_policies_and_pushes_them()
    {
        await InsertAsync(_master, Cluster, $" and master = {Master}"); // the master publishes to itself
        await InsertAsync(_node, Tag); // local only: no master given
        var masterRows = await _master.OkAsync("blockchain pull to stdout");
        Assert.DoesNotContain("only on the node", masterRows, StringComparison.Ordinal);

        await StartSyncAsync(_node);
        await _node.OkAsync("run blockchain sync");
        await _node.OkAsync("wait 10 for sync");

        var policies = JsonNode.Parse(await _node.OkAsync("blockchain get *"))!.AsArray();
        Assert.Equal(["cluster", "tag"], policies.Select(p => p!.AsObject().First().Key));
        Assert.Equal("global", policies[0]!["cluster"]!["ledger"]!.GetValue<string>());
        var ledger = _node.Var("blockchain_file")!;
        Assert.True(File.Exists(Path.ChangeExtension(ledger, ".old")));
        // the node pushed its local policy to the master, whose ledger now has both
        Assert.Contains("\"name\": \"only on the node\"", await _master.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);

        // the next sync brings the master's copy: both ledgers are then the same bytes, and a further sync changes nothing
        await _node.OkAsync("run blockchain sync");
        await _node.OkAsync("wait 10 for sync");
        Assert.Equal("global", JsonNode.Parse(await _node.OkAsync("blockchain get tag"))![0]!["tag"]!["ledger"]!.GetValue<string>());
        await _master.OkAsync("blockchain pull to json");
        Assert.Equal(Md5(_master.Var("blockchain_new")!), await _node.OkAsync("get metadata version"));
        var before = File.GetLastWriteTimeUtc(ledger);
        await _node.OkAsync("run blockchain sync");
        await _node.OkAsync("wait 10 for sync");
        Assert.Equal(before, File.GetLastWriteTimeUtc(ledger));

        var synchronizer = await SynchronizerAsync(_node);
        Assert.Equal(("Running", "master", Master, 30L), (synchronizer["Status"]!.GetValue<string>(), synchronizer["Sync Source"]!.GetValue<string>(),
            synchronizer["Connection"]!.GetValue<string>(), Count(synchronizer, "Sync Time")));
        Assert.Equal(await _node.OkAsync("get metadata version"), synchronizer["Metadata Version"]!.GetValue<string>());
        Assert.Equal(2, Count(synchronizer, "Policies"));
        Assert.True(Count(synchronizer, "Calls") >= 3, synchronizer.ToJsonString());
        Assert.Equal(Count(synchronizer, "Calls"), Count(synchronizer, "Sync OK"));
        Assert.Equal(0, Count(synchronizer, "Sync Err"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(ledger)!, "*master_id*"));
    }

    [Fact]
    public async Task Get_synchronizer_and_get_processes_show_the_process_as_edgelake_does()
    {
        Assert.Equal("Blockchain synchronizer not running", await _node.OkAsync("get synchronizer"));
        await StartSyncAsync(_node);
        await _node.OkAsync("wait 10 for sync");
        var table = (await _node.OkAsync("get synchronizer")).Split("\r\n");
        Assert.Equal("Status  Sync   Connection      Sync Metadata Version                 Time          Calls Loads Policies Sync OK Sync Err ", table[1]);
        Assert.Equal("        Source                 Time                                  Since Update                                        ", table[2]);
        Assert.Equal("-------|------|---------------|----|--------------------------------|-------------|-----|-----|--------|-------|--------|", table[3]);
        Assert.Matches(@"^Running\|master\|127\.0\.0\.1:\d{5}\|  30\|[0-9a-f]{32}\|\d\d:\d\d:\d\d     \|    1\|\s+\d\|       0\|      1\|       0\|$", table[4]);
        Assert.Contains($"Blockchain Sync|Running     |Sync every 30 seconds with master using: {Master}", await _node.OkAsync("get processes"),
            StringComparison.Ordinal);

        var second = await _node.RunAsync($"run blockchain sync where source = master and time = 1 second and dest = file and connection = {Master}");
        Assert.Equal(ErrorCode.ProcessAlreadyRunning, second.Code);
        await _node.OkAsync("exit synchronizer");
        Assert.Equal(ErrorCode.ProcessNotRunning, (await _node.RunAsync("run blockchain sync")).Code);
        Assert.Contains("Blockchain Sync|Not declared|", await _node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_master_that_is_down_counts_errors_and_the_node_keeps_its_ledger()
    {
        await InsertAsync(_master, Cluster, $" and master = {Master}");
        await StartSyncAsync(_node, "1 second");
        await _node.OkAsync("wait 10 for sync");
        var version = await _node.OkAsync("get metadata version");
        await _master.OkAsync("exit tcp");

        await WaitUntilAsync(async () => Count(await SynchronizerAsync(_node), "Sync Err") >= 2);
        Assert.Equal(version, await _node.OkAsync("get metadata version"));
        Assert.Contains($"Blockchain Sync|Running     |Failed to connect to {Master}", await _node.OkAsync("get processes"), StringComparison.Ordinal);
        Assert.Contains($"Failed to connect to {Master}", (await SynchronizerAsync(_node))["Last Error"]!.GetValue<string>(), StringComparison.Ordinal);

        // a policy published meanwhile waits on the node, and reaches the master and the ledger once the master is back
        var id = await PolicyIdAsync(_node, "{\"tag\": {\"name\": \"while down\"}}");
        await InsertAsync(_node, "{\"tag\": {\"name\": \"while down\"}}", $" and master = {Master}");
        Assert.Equal(1, _node.Node.Services.Get<ILedgerSync>().PendingCount);
        await _master.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {_masterPort} and bind = true");
        await _node.OkAsync("wait 10 for sync");
        Assert.Contains(id, await _master.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
        await WaitUntilAsync(async () => (await _node.OkAsync($"blockchain get tag where id = {id}")).Contains("\"global\"", StringComparison.Ordinal));
        Assert.Equal(0, _node.Node.Services.Get<ILedgerSync>().PendingCount);
        Assert.DoesNotContain("Failed", await _node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_master_answers_current_or_sends_its_ledger_named_after_the_callers_file()
    {
        await InsertAsync(_master, Cluster, $" and master = {Master}");
        // the caller names its own file, in its blockchain dir: a peer's ledger lands only where the node lets peers write
        var file = Path.Combine(Directory.CreateDirectory(_node.Node.Paths.BlockchainDir).FullName, "my ledger.new");
        var sent = await AskAsync(_node, Master, $"event get_blockchain \"{file}\" 0 0");
        Assert.Contains("Ledger sent: version ", sent, StringComparison.Ordinal);
        Assert.Contains($"as {file}.master_id_1.json", sent, StringComparison.Ordinal);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(file + ".master_id_1.json")));
        Assert.Equal(await _master.OkAsync("blockchain pull to stdout") + "\n", await File.ReadAllTextAsync(file + ".master_id_1.json",
            TestContext.Current.CancellationToken));

        var version = Md5(file + ".master_id_1.json");
        Assert.Equal($"Ledger current: version {version}", await AskAsync(_node, Master, $"event get_blockchain \"{file}\" {version} 0"));
        Assert.EndsWith(".master_id_2.json", await AskAsync(_node, Master, $"event get_blockchain \"{file}\" 0 0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_get_blockchain_runs_only_on_a_master_and_only_for_a_peer()
    {
        var local = await _master.RunAsync("event get_blockchain /tmp/blockchain.new 0 0");
        Assert.Equal(ErrorCode.CommandStructure, local.Code);
        Assert.Contains("run blockchain sync", local.Text, StringComparison.Ordinal);

        Assert.Contains("is not a master", await AskAsync(_master, $"127.0.0.1:{_nodePort}", "event get_blockchain /tmp/blockchain.new 0 0"),
            StringComparison.Ordinal);

        var fromNode = await _node.RunAsync($"run blockchain sync where source = master and time = 1 second and dest = file and connection = 127.0.0.1:{_nodePort}");
        Assert.False(fromNode.IsError); // starts; each period then fails with the master's answer
        await WaitUntilAsync(async () => (await SynchronizerAsync(_node))["Last Error"]?.GetValue<string>().Contains("is not a master", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_blockchain_sync_checks_its_options()
    {
        async Task FailsAsync(string where, ErrorCode code, string text)
        {
            var result = await _node.RunAsync("run blockchain sync where " + where);
            Assert.Equal(code, result.Code);
            Assert.Contains(text, result.Text, StringComparison.Ordinal);
        }
        await FailsAsync($"time = 30 seconds and dest = file and connection = {Master}", ErrorCode.MissingOption, "source");
        await FailsAsync("source = blockchain and platform = ethereum and time = 30 seconds and dest = file", ErrorCode.NotSupported, "master");
        await FailsAsync($"source = ftp and time = 30 seconds and connection = {Master}", ErrorCode.WrongOptionType, "master or dbms");
        await FailsAsync($"source = master and time = 0 seconds and connection = {Master}", ErrorCode.WrongOptionType, "at least 1 second");
        await FailsAsync($"source = master and time = 30 seconds and dest = dbms and connection = {Master}", ErrorCode.WrongOptionType, "dest must include file");
        await FailsAsync($"source = master and time = 30 seconds and dest = cloud and connection = {Master}", ErrorCode.WrongOptionType, "file or dbms");
        await FailsAsync("source = master and time = 30 seconds", ErrorCode.MissingOption, "connection");
        await FailsAsync($"source = master and time = 30 seconds and dest = file and dest = dbms and connection = {Master}", ErrorCode.DbmsNotConnected,
            "connect dbms blockchain");
        await FailsAsync("source = dbms and time = 30 seconds", ErrorCode.DbmsNotConnected, "connect dbms blockchain");
        await _node.OkAsync("exit tcp");
        await FailsAsync($"source = master and time = 30 seconds and connection = {Master}", ErrorCode.NetworkNotAvailable, "TCP server");
        Assert.Equal(ErrorCode.ProcessNotRunning, (await _node.RunAsync("run blockchain sync")).Code);
        Assert.Contains("Blockchain Sync|Not declared|", await _node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_connection_the_master_policy_of_the_ledger_is_used()
    {
        await InsertAsync(_node, $"{{\"master\": {{\"name\": \"m\", \"company\": \"acme\", \"ip\": \"127.0.0.1\", \"port\": {_masterPort}}}}}");
        await _node.OkAsync("run blockchain sync where source = master and time = 30 seconds and dest = file");
        Assert.Contains($"with master using: {Master}", await _node.OkAsync("get processes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_ledger_from_a_master_is_set_aside_and_the_ledger_in_use_is_kept()
    {
        await InsertAsync(_node, Cluster);
        await StartSyncAsync(_node);
        await _node.OkAsync("wait 10 for sync");
        var version = await _node.OkAsync("get metadata version");

        var garbage = Path.Combine(_master.Home, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{\"cluster\": {\"name\": \"x\"}}\nthis is not json\n", TestContext.Current.CancellationToken);
        var target = _node.Var("blockchain_new") + ".master_id_5.json";
        var reply = await _master.Node.Services.Get<IPeerClient>().SendFileAsync(new IpPort("127.0.0.1", _nodePort), garbage, target,
            FileTransferTarget.Ledger, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(reply.Replied && reply.ErrorCode == 0, reply.Text);

        // the file is set aside first, then the synchronizer counts the error
        await WaitUntilAsync(() => Task.FromResult(File.Exists(target + ".rejected")));
        await WaitUntilAsync(async () => Count(await SynchronizerAsync(_node), "Sync Err") > 0);
        Assert.Equal(version, await _node.OkAsync("get metadata version"));
        var synchronizer = await SynchronizerAsync(_node);
        Assert.Equal(1, Count(synchronizer, "Sync Err"));
        Assert.Contains("invalid lines", synchronizer["Last Error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dest_dbms_loads_the_ledger_into_the_nodes_ledger_table_and_a_master_syncs_from_its_table()
    {
        await InsertAsync(_master, Cluster, $" and master = {Master}");
        await _master.OkAsync("run blockchain sync where source = dbms and time = 1 second and dest = file");
        Assert.Contains("Blockchain Sync|Running     |Sync every 1 seconds to local blockchain file", await _master.OkAsync("get processes"),
            StringComparison.Ordinal);
        await _master.OkAsync("wait 10 for sync");
        Assert.Equal("global", JsonNode.Parse(await _master.OkAsync("blockchain get cluster"))![0]!["cluster"]!["ledger"]!.GetValue<string>());

        await _node.OkAsync("connect dbms blockchain where type = sqlite");
        await StartSyncAsync(_node, "30 seconds", " and dest = dbms");
        await _node.OkAsync("wait 10 for sync");
        Assert.Equal(await _master.OkAsync("blockchain pull to stdout"), await _node.OkAsync("blockchain pull to stdout"));
    }

    /// <summary>The reply of a peer, as <c>answer = run client (destination) command</c> stores it.</summary>
    private static async Task<string> AskAsync(TestNode node, string destination, string command)
    {
        await node.OkAsync($"answer = run client ({destination}) {command}");
        return node.Var("answer")!;
    }

    private static async Task<string> PolicyIdAsync(TestNode node, string policy)
    {
        node.Node.Dictionary.Set("id_of", policy);
        return await node.OkAsync("blockchain get id !id_of");
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, "the sync");
}
