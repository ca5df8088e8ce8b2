using System.Security.Cryptography;
using EdgeNode.Core.Commands;
using static EdgeNode.Tests.Metadata.MetadataFixture;

namespace EdgeNode.Tests.Metadata;

public sealed class LedgerCommandTests
{
    [Fact]
    public async Task Deleted_policies_stay_deleted_after_a_reload()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        await InsertOkAsync(node, Operator);
        await node.OkAsync($"blockchain delete policy where id = {OperatorId}");
        Assert.Equal("[]", await node.OkAsync("blockchain get operator"));
        Assert.Contains("1 policies, 1 deleted", await node.OkAsync("blockchain load metadata"), StringComparison.Ordinal);
        Assert.Equal("[]", await node.OkAsync("blockchain get operator"));
        Assert.Equal(ErrorCode.PolicyNotFound, (await node.RunAsync($"blockchain delete policy where id = {OperatorId}")).Code);
        LedgerFileTests.AssertSpecLedger(node.Var("blockchain_file")!);
    }

    [Fact]
    public async Task Drop_replace_and_drop_by_host_rewrite_the_ledger()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        await InsertOkAsync(node, Operator);
        await InsertOkAsync(node, "{\"tag\": {\"name\": \"a\"}}");
        var tagId = await node.OkAsync("blockchain get tag bring [tag][id]");
        node.Node.Dictionary.Set("new_tag", "{\"tag\": {\"name\": \"b\"}}");
        await node.OkAsync($"blockchain replace policy {tagId} with !new_tag");
        Assert.Equal("b", await node.OkAsync("blockchain get tag bring [tag][name]"));
        Assert.Equal(["cluster", "operator", "tag"], (await node.OkAsync("blockchain get * bring [*] separator = ,")).Split(','));
        Assert.Contains("1 policies of host 127.0.0.1 removed", await node.OkAsync("blockchain drop by host 127.0.0.1"), StringComparison.Ordinal);
        node.Node.Dictionary.Set("c", ClusterPolicy);
        await node.OkAsync("blockchain drop policy !c");
        Assert.Equal("tag", await node.OkAsync("blockchain get * bring [*]"));
        Assert.Equal(ErrorCode.PolicyNotFound, (await node.RunAsync("blockchain drop policy where id = nothing")).Code);
        Assert.DoesNotContain("deleted", File.ReadAllText(node.Var("blockchain_file")!), StringComparison.Ordinal);
        LedgerFileTests.AssertSpecLedger(node.Var("blockchain_file")!);
    }

    [Fact]
    public async Task Read_test_version_and_reload_work_on_the_file()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        var file = node.Var("blockchain_file")!;
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file))), await node.OkAsync("get metadata version"));
        // another writer appends to the file: 'blockchain read' sees it at once, 'get' after a reload
        File.AppendAllText(file, "{\"tag\": {\"name\": \"x\", \"id\": \"x1\"}}\n");
        Assert.Equal("2", await node.OkAsync("blockchain read * bring.count"));
        Assert.Equal("1", await node.OkAsync("blockchain get * bring.count"));
        await node.OkAsync("blockchain load metadata");
        Assert.Equal("2", await node.OkAsync("blockchain get * bring.count"));
        Assert.Contains("Invalid lines ", await node.OkAsync("blockchain test"), StringComparison.Ordinal);
        File.AppendAllText(file, "{\"tag\": {\"na");
        var test = await node.RunAsync("blockchain test");
        Assert.Equal(ErrorCode.JsonError, test.Code);
        Assert.Contains("torn last line", test.Text, StringComparison.Ordinal);
        // a torn tail never stops the node: it loads, and the next insert moves it aside
        await node.OkAsync("blockchain load metadata");
        await InsertOkAsync(node, "{\"tag\": {\"name\": \"after crash\"}}");
        Assert.Equal("3", await node.OkAsync("blockchain get * bring.count"));
        await node.OkAsync("blockchain test");
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!, "blockchain.json.torn.*"));
    }

    [Fact]
    public async Task The_ledger_file_follows_the_blockchain_file_variable()
    {
        await using var node = new TestNode();
        await InsertOkAsync(node, ClusterPolicy);
        var other = Path.Combine(node.Home, "other", "ledger.json");
        node.Node.Dictionary.Set("blockchain_file", other);
        Assert.Equal("[]", await node.OkAsync("blockchain get cluster"));
        await InsertOkAsync(node, "{\"tag\": {\"name\": \"t\"}}");
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task Wait_returns_when_the_policy_arrives_and_times_out_otherwise()
    {
        await using var node = new TestNode();
        var timeout = await node.RunAsync("blockchain wait where type = cluster and name = baseline-cluster and time = 1 second");
        Assert.Equal(ErrorCode.Timeout, timeout.Code);
        var waiting = node.RunAsync($"blockchain wait where id = {ClusterId} and time = 20 seconds");
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await InsertOkAsync(node, ClusterPolicy);
        var done = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(done.IsError, done.ErrorLine);
        node.Node.Dictionary.Set("p", ClusterPolicy);
        await node.OkAsync("blockchain wait where policy = !p and time = 1 second");
        Assert.Equal(ErrorCode.MissingOption, (await node.RunAsync("blockchain wait where time = 1 second")).Code);
    }

    [Fact]
    public async Task Wait_takes_its_limit_from_timeout_never_from_a_policy_attribute()
    {
        await using var node = new TestNode();
        var started = TimeProvider.System.GetTimestamp();
        var timeout = await node.RunAsync("blockchain wait where type = cluster and name = baseline-cluster and timeout = 1");
        Assert.Equal(ErrorCode.Timeout, timeout.Code);
        Assert.EndsWith("no matching policy in the ledger after 1 seconds", timeout.ErrorLine, StringComparison.Ordinal);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.Timeout, (await node.RunAsync("blockchain wait where id = 0123 and timeout = 1 second")).Code);

        // the cluster policy has no 'timeout' attribute: the wait still matches it at once
        await InsertOkAsync(node, ClusterPolicy);
        await node.OkAsync("blockchain wait where type = cluster and name = baseline-cluster and timeout = 5");
        await node.OkAsync($"blockchain wait where id = {ClusterId} and timeout = 5 seconds");

        var twice = await node.RunAsync($"blockchain wait where id = {ClusterId} and time = 5 and timeout = 5");
        Assert.Equal(ErrorCode.WrongOption, twice.Code);
        Assert.Contains("the time limit is given twice ('time' and 'timeout')", twice.ErrorLine, StringComparison.Ordinal);
        var bad = await node.RunAsync($"blockchain wait where id = {ClusterId} and timeout = soon");
        Assert.Equal(ErrorCode.WrongOptionType, bad.Code);
        Assert.Contains("option 'timeout' expects a time such as '30 seconds', got 'soon'", bad.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_keeps_the_policies_whose_line_did_not_change()
    {
        await using var node = new TestNode();
        var file = node.Var("blockchain_file")!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{\"tag\": {\"name\": \"x\", \"id\": \"x1\"}}\n{\"tag\": {\"name\": \"y\", \"id\": \"y1\"}}\n");
        var metadata = node.Node.Services.Get<EdgeNode.Core.Metadata.IMetadata>();
        var x = metadata.GetPolicy("x1")!;
        var y = metadata.GetPolicy("y1")!;
        File.WriteAllText(file, "{\"tag\": {\"name\": \"x\", \"id\": \"x1\"}}\n{\"tag\": {\"name\": \"y2\", \"id\": \"y1\"}}\n{\"tag\": {\"id\": \"z1\"}}\n");
        await node.OkAsync("blockchain load metadata");
        Assert.Same(x, metadata.GetPolicy("x1"));
        Assert.NotSame(y, metadata.GetPolicy("y1"));
        Assert.Equal("y2", metadata.GetPolicy("y1")!.Name);
    }

    [Fact]
    public async Task Startup_does_not_read_the_ledger()
    {
        await using var node = new TestNode();
        var file = node.Var("blockchain_file")!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{\"tag\": {\"name\": \"x\", \"id\": \"x1\"}}\n");
        // written after the node was built, yet visible: the ledger is loaded on first use
        Assert.Equal("x1", await node.OkAsync("blockchain get tag bring [tag][id]"));
    }
}
