using System.Text.Json.Nodes;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

/// <summary>
/// A node publishing to a master over real TCP on 127.0.0.1: the master keeps its ledger table in SQLite
/// (<c>connect dbms blockchain</c>), the node reaches it through the registered <see cref="IMasterLink"/>.
/// </summary>
public sealed class MasterForwardingTests : IAsyncLifetime
{
    private readonly TestNode _master = new();
    private readonly TestNode _node = new();
    private readonly int _masterPort = FreePort.Get();

    private string MasterAddress => $"127.0.0.1:{_masterPort}";

    public async ValueTask InitializeAsync()
    {
        await _master.OkAsync("connect dbms blockchain where type = sqlite");
        await _master.OkAsync("create table ledger where dbms = blockchain");
        await _node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
    }

    private Task StartMasterAsync() =>
        _master.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {_masterPort} and bind = true");

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _master.DisposeAsync();
    }

    private string PendingFile => Path.Combine(Path.GetDirectoryName(_node.Var("blockchain_file"))!, "blockchain.pending");

    [Fact]
    public async Task While_the_master_is_down_the_policy_stays_local_and_waits_in_a_durable_pending_list()
    {
        var result = await InsertAsync(_node, ClusterPolicy, $" and master = {MasterAddress}");
        Assert.False(result.IsError, result.ErrorLine);
        Assert.Contains("queued for the next sync", result.Text, StringComparison.Ordinal);
        Assert.Equal("local", JsonNode.Parse(await _node.OkAsync("blockchain get cluster"))![0]!["cluster"]!["ledger"]!.GetValue<string>());
        var pending = JsonNode.Parse(File.ReadAllLines(PendingFile).Single())!;
        Assert.Equal(MasterAddress, pending["master"]!.GetValue<string>());
        Assert.StartsWith("blockchain push {\"cluster\": {", pending["command"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("\"ledger\": \"global\"}}", pending["command"]!.GetValue<string>(), StringComparison.Ordinal);

        var sync = _node.Node.Services.Get<ILedgerSync>();
        Assert.Equal(1, sync.PendingCount);
        Assert.Equal(0, await sync.PushPendingAsync(TestContext.Current.CancellationToken)); // still down
        await StartMasterAsync();
        Assert.Equal(1, await sync.PushPendingAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, sync.PendingCount);
        Assert.False(File.Exists(PendingFile));
        Assert.Contains("\"id\": \"" + ClusterId + "\"", await _master.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_master_gets_the_global_policy_and_a_sync_brings_it_back()
    {
        await StartMasterAsync();
        await InsertOkAsync(_node, ClusterPolicy);
        Assert.Equal("", await _master.OkAsync("blockchain pull to stdout")); // no master given: local only
        Assert.False((await InsertAsync(_node, Operator, $" and master = {MasterAddress}")).IsError);
        var atMaster = await _master.OkAsync("blockchain pull to stdout");
        Assert.Contains($"\"id\": \"{OperatorId}\"", atMaster, StringComparison.Ordinal);
        Assert.Contains("\"ledger\": \"global\"", atMaster, StringComparison.Ordinal);
        await _node.OkAsync("blockchain add {\"tag\": {\"name\": \"only here\"}}");
        await _master.OkAsync("exit tcp");
        var queued = await InsertAsync(_node, "{\"table\": {\"name\": \"t\", \"dbms\": \"d\", \"create\": \"CREATE TABLE t(x int);\"}}", $" and master = {MasterAddress}");
        Assert.Contains("queued", queued.Text, StringComparison.Ordinal);
        await StartMasterAsync();

        // the master exports its table; the node takes the new ledger and keeps its local-only policies
        await _master.OkAsync("blockchain pull to json");
        var received = Path.Combine(_node.Home, "received.json");
        File.Copy(_master.Var("blockchain_new")!, received);
        var sync = _node.Node.Services.Get<ILedgerSync>();
        await sync.ReloadAsync(TestContext.Current.CancellationToken); // local policies are then known from the file alone
        var changed = 0;
        sync.Changed += (_, _) => changed++;
        var result = await sync.ReplaceAsync(received, withheld: null, TestContext.Current.CancellationToken);
        Assert.Equal(1, changed);
        Assert.False(File.Exists(received));
        Assert.True(File.Exists(Path.ChangeExtension(_node.Var("blockchain_file")!, ".old")));
        Assert.Equal(["cluster", "tag", "table"], result.KeptLocalPolicies.Select(p => p.Type));
        Assert.Equal(result.Version, await _node.OkAsync("get metadata version"));
        var op = JsonNode.Parse(await _node.OkAsync("blockchain get operator"))![0]!["operator"]!;
        Assert.Equal("global", op["ledger"]!.GetValue<string>());
        Assert.Equal(4, int.Parse(await _node.OkAsync("blockchain get * bring.count"), System.Globalization.CultureInfo.InvariantCulture));
        LedgerFileTests.AssertSpecLedger(_node.Var("blockchain_file")!);

        // the queued table policy reaches the master on the next sync
        Assert.Equal(1, await sync.PushPendingAsync(TestContext.Current.CancellationToken));
        Assert.Contains("\"table\": {\"name\": \"t\"", await _master.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_with_a_master_drops_the_policy_there_too()
    {
        await StartMasterAsync();
        Assert.False((await InsertAsync(_node, ClusterPolicy, $" and master = {MasterAddress}")).IsError);
        Assert.Contains(ClusterId, await _master.OkAsync("blockchain pull to stdout"), StringComparison.Ordinal);
        await _node.OkAsync($"blockchain delete policy where id = {ClusterId} and master = {MasterAddress}");
        Assert.Equal("", await _master.OkAsync("blockchain pull to stdout"));
        Assert.Equal("[]", await _node.OkAsync("blockchain get cluster"));
        Assert.EndsWith($"{{\"deleted\": {{ \"id\" : \"{ClusterId}\", \"ledger\" : \"local\" }}}}\n", File.ReadAllText(_node.Var("blockchain_file")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_publisher_interface_publishes_like_blockchain_insert()
    {
        await StartMasterAsync();
        await InsertOkAsync(_node, ClusterPolicy);
        var publisher = _node.Node.Services.Get<IPolicyPublisher>();
        var table = JsonNode.Parse("{\"table\": {\"name\": \"rand_data\", \"dbms\": \"test\", \"create\": \"CREATE TABLE rand_data(x int);\", \"source\": \"Processing JSON file\"}}")!.AsObject();
        var result = await publisher.PublishAsync(table, new IpPort("127.0.0.1", _masterPort), TestContext.Current.CancellationToken);
        Assert.True(result.Ok, result.Message);
        Assert.Equal("c80630a8739acd02220bb1604b2dd93e", result.Policy!.Id);
        Assert.Equal(PyJsonLine(result.Policy, "global"), await _master.OkAsync("blockchain pull to stdout"));
        var again = await publisher.PublishAsync(table, null, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.DuplicatePolicy, again.Code);
        Assert.Equal(["name", "dbms", "create", "source"], table["table"]!.AsObject().Select(kv => kv.Key)); // the caller's object is not changed
    }

    /// <summary>The policy's ledger line with its <c>ledger</c> attribute set, as the master stores it.</summary>
    private static string PyJsonLine(Policy policy, string ledger)
    {
        var copy = policy.Clone();
        copy.Body["ledger"] = ledger;
        return copy.ToJson();
    }
}
