using System.Text.Json.Nodes;
using static EdgeNode.TestSupport.PublisherNetwork;

namespace EdgeNode.IntegrationTests.Ingest;

/// <summary>
/// The publisher (SPEC §6) with real operators on 127.0.0.1: routing by the clusters hosting a table, files waiting for a
/// cluster, retries and fail-over inside a cluster, routes kept across a restart, overrides, what happens to shipped files,
/// and the refusals. Each network is in-process (fast); <see cref="PublisherNetworkTests"/> runs the whole network as processes.
/// </summary>
public sealed class PublisherTests
{
    private static readonly TimeSpan Budget = NodeProcess.EventBudget;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A file of <paramref name="rows"/> rows numbered from <paramref name="first"/>.</summary>
    private static string Rows(int first, int rows) =>
        string.Concat(Enumerable.Range(first, rows).Select(i => $"{{\"seq\": {i}, \"value\": {i * 0.5}}}\n"));

    private static string FileName(string table, int n) => $"pub.{table}.0.{n:x32}.0.json";

    private static async Task WaitForRowsAsync(PublisherOperator op, string table, long rows)
    {
        await Eventually.HoldsAsync(async () => await op.CountAsync("pub", table, Token) >= rows, $"{rows} rows of pub.{table} on {op.Name}", Budget);
        Assert.Equal(rows, await op.CountAsync("pub", table, Token));
    }

    private static async Task<JsonArray> ShippedAsync(PublisherNetwork network) =>
        JsonNode.Parse((await network.CommandAsync("get publisher where format = json", Token)).Text)!["files"]!.AsArray();

    private static JsonNode? Row(JsonArray files, string table, string destination) =>
        files.FirstOrDefault(f => (string)f!["table"]! == table && (string)f["destination"]! == destination);

    [Fact]
    public async Task Files_go_to_the_clusters_hosting_their_table_and_are_kept_in_bkup_dir_once_an_operator_confirmed_them()
    {
        await using var network = await StartAsync([new("op1", "c1", Main: true), new("op2", "c2", Main: true)],
            [new("pub", "t1", "c1"), new("pub", "t2", "c1", "c2")], cancellation: Token);
        var (op1, op2) = (network.Operators[0], network.Operators[1]);
        await network.RunPublisherAsync(cancellation: Token);
        network.Drop(FileName("t1", 1), Rows(0, 3));
        network.Drop(FileName("t1", 2), Rows(3, 3));
        network.Drop(FileName("t2", 3), Rows(0, 2));
        network.Drop(FileName("t2", 4), Rows(2, 2));

        await WaitForRowsAsync(op1, "t1", 6);
        // t2 is hosted by both clusters: its files take them in turn
        await Eventually.HoldsAsync(async () => await op1.CountAsync("pub", "t2", Token) + await op2.CountAsync("pub", "t2", Token) == 4,
            "the 4 rows of t2 on the two operators", Budget);
        Assert.Equal(2, await op1.CountAsync("pub", "t2", Token));
        Assert.Equal(2, await op2.CountAsync("pub", "t2", Token));
        Assert.Equal(0, await op2.CountAsync("pub", "t1", Token));

        // confirmed files leave the watch dir for bkup_dir; nothing waits in a route directory
        var bkup = network.Publisher.Dictionary.Get("bkup_dir")!;
        await Eventually.HoldsAsync(() => Directory.GetFiles(bkup).Length == 4, "the 4 files in bkup_dir", Budget);
        Assert.Empty(Directory.GetFiles(network.WatchDir));
        Assert.Empty(Directory.GetFiles(Path.Combine(network.WatchDir, ".publisher"), "*", SearchOption.AllDirectories));

        var files = await ShippedAsync(network);
        Assert.Equal((2, 6), ((int)Row(files, "t1", op1.Address)!["files"]!, (int)Row(files, "t1", op1.Address)!["rows"]!));
        Assert.Equal((1, 2), ((int)Row(files, "t2", op1.Address)!["files"]!, (int)Row(files, "t2", op1.Address)!["rows"]!));
        Assert.Equal((1, 2), ((int)Row(files, "t2", op2.Address)!["files"]!, (int)Row(files, "t2", op2.Address)!["rows"]!));
        Assert.Null(Row(files, "t1", op2.Address));
        Assert.StartsWith("pub.t", (string)Row(files, "t1", op1.Address)!["last_file"]!, StringComparison.Ordinal);

        var text = (await network.CommandAsync("get publisher", Token)).Text;
        Assert.Contains("Stats: PUBLISHER FILES", text, StringComparison.Ordinal);
        Assert.Matches($@"pub +\|t1 +\|{op1.Address} *\| +2\| +6\| +0\|", text);
        var summary = JsonNode.Parse((await network.CommandAsync("get publisher summary where format = json", Token)).Text)!;
        Assert.Equal(("Running", 4, 10, 0), ((string)summary["status"]!, (int)summary["total_files"]!, (int)summary["total_rows"]!, (int)summary["files_waiting"]!));
        var processes = (await network.CommandAsync("get processes", Token)).Text;
        Assert.Matches(@"Publisher +\|Running +\|Using Master: False, Threads Pool: 4, Files shipped: 4, Files waiting: 0 *\|", processes);
    }

    [Fact]
    public async Task A_file_whose_table_no_cluster_hosts_waits_in_the_watch_dir_and_goes_once_the_ledger_names_a_cluster()
    {
        await using var network = await StartAsync([new("op1", "c1", Main: true)], [new("pub", "t1", "c1")], cancellation: Token);
        await network.RunPublisherAsync(cancellation: Token);
        var waiting = network.Drop(FileName("late", 1), Rows(0, 5));
        await Eventually.HoldsAsync(async () => (await network.CommandAsync("get publisher", Token)).Text.Contains("a cluster hosting the table", StringComparison.Ordinal),
            "get publisher shows the file waiting for a cluster", Budget);
        Assert.True(File.Exists(waiting), "the file waits in the watch dir");
        Assert.Matches(@"Files waiting for a cluster *\| *1\|", (await network.CommandAsync("get publisher config", Token)).Text);

        await network.PublishAsync(ChildCluster("c1", "pub", "late"), Token);
        await WaitForRowsAsync(network.Operators[0], "late", 5);
        Assert.False(File.Exists(waiting));
    }

    [Fact]
    public async Task An_unreachable_main_operator_is_retried_then_another_member_of_its_cluster_takes_the_files_never_another_cluster()
    {
        await using var network = await StartAsync(
            [new("a1", "c1", Main: true, Start: false), new("a2", "c1"), new("b1", "c2", Main: true)], [new("pub", "t", "c1", "c2")], cancellation: Token);
        var (a1, a2, b1) = (network.Operators[0], network.Operators[1], network.Operators[2]);
        await network.RunPublisherAsync(cancellation: Token);
        for (var n = 0; n < 4; n++) network.Drop(FileName("t", n), Rows(n * 10, 10)); // two files go to c1, two to c2

        await Eventually.HoldsAsync(async () => await a2.CountAsync("pub", "t", Token) + await b1.CountAsync("pub", "t", Token) == 40,
            "every row on a member of its cluster", Budget);
        Assert.Equal(20, await a2.CountAsync("pub", "t", Token));
        Assert.Equal(20, await b1.CountAsync("pub", "t", Token));
        var tries = Row(await ShippedAsync(network), "t", a1.Address);
        Assert.NotNull(tries);
        Assert.True((int)tries["errors"]! >= 3, $"the main operator was tried 3 times before another member: {tries}");
        Assert.Equal(0, (int)tries["files"]!);
        // which files took c1 depends on the order the publisher found them in
        Assert.Matches($@"Publisher: 'pub\.t\.0\.[0-9a-f]{{32}}\.0\.json' not delivered to {a1.Address}",
            string.Join('\n', network.Publisher.Log.Errors.Entries().Select(e => e.Message)));
    }

    [Fact]
    public async Task Without_a_main_operator_files_take_the_active_members_in_turn_and_skip_one_marked_not_responding()
    {
        await using var network = await StartAsync([new("m1", "c1"), new("m2", "c1")], [new("pub", "t", "c1")], cancellation: Token);
        var (m1, m2) = (network.Operators[0], network.Operators[1]);
        var metadata = network.Publisher.Services.Get<EdgeNode.Core.Metadata.IMetadata>();
        // as a query that timed out on m1 leaves it: marked not_responding in the publisher's metadata
        metadata.SetOperatorStatus(m1.Address, EdgeNode.Core.Metadata.OperatorStatus.NotResponding);
        await network.RunPublisherAsync(cancellation: Token);
        for (var n = 0; n < 4; n++) network.Drop(FileName("t", n), Rows(n * 10, 10));
        await WaitForRowsAsync(m2, "t", 40);
        Assert.Equal(0, await m1.CountAsync("pub", "t", Token));

        metadata.SetOperatorStatus(m1.Address, EdgeNode.Core.Metadata.OperatorStatus.Active);
        for (var n = 4; n < 8; n++) network.Drop(FileName("t", n), Rows(n * 10, 10));
        await Eventually.HoldsAsync(async () => await m1.CountAsync("pub", "t", Token) + await m2.CountAsync("pub", "t", Token) == 80,
            "the 80 rows on the two members", Budget);
        Assert.Equal(20, await m1.CountAsync("pub", "t", Token));
        Assert.Equal(60, await m2.CountAsync("pub", "t", Token));
    }

    [Fact]
    public async Task A_routed_file_keeps_its_cluster_across_a_restart_of_the_publisher_and_waits_for_it()
    {
        await using var network = await StartAsync([new("a1", "c1", Main: true, Start: false), new("b1", "c2", Main: true)],
            [new("pub", "t", "c1", "c2")], cancellation: Token);
        var (a1, b1) = (network.Operators[0], network.Operators[1]);
        await network.RunPublisherAsync(cancellation: Token);
        var c1 = (await PublisherNetwork.RunAsync(network.Publisher, "blockchain get cluster where name = c1 bring [cluster][id]", Token)).Trim();
        var routed = Path.Combine(network.WatchDir, ".publisher", "cluster." + c1, FileName("t", 1));
        // one after the other, so that the first takes the first cluster
        network.Drop(FileName("t", 1), Rows(0, 7)); // to c1, whose operator is down
        await Eventually.HoldsAsync(() => File.Exists(routed), "the first file waits in the route directory of c1", Budget);
        network.Drop(FileName("t", 2), Rows(7, 3)); // to c2
        await WaitForRowsAsync(b1, "t", 3);
        Assert.True(File.Exists(routed), "the file waits in its route directory");

        // the ledger no longer gives c1 the table: a file routed anew would go to c2
        await PublisherNetwork.RunAsync(network.Publisher, "exit publisher", Token);
        var child = (await PublisherNetwork.RunAsync(network.Publisher, "blockchain get cluster where name = c1-pub-t bring [cluster][id]", Token)).Trim();
        await PublisherNetwork.RunAsync(network.Publisher, $"blockchain delete policy where id = {child}", Token);
        await network.RunPublisherAsync(cancellation: Token);
        await network.StartOperatorAsync(0, Token);

        await WaitForRowsAsync(a1, "t", 7);
        Assert.Equal(3, await b1.CountAsync("pub", "t", Token));
        Assert.False(File.Exists(routed));
    }

    [Fact]
    public async Task Set_data_distribution_sends_a_table_elsewhere_until_it_is_removed()
    {
        await using var network = await StartAsync([new("op1", "c1", Main: true), new("op2", "c2", Main: true)], [new("pub", "t", "c1")],
            cancellation: Token);
        var (op1, op2) = (network.Operators[0], network.Operators[1]);
        await network.RunPublisherAsync(cancellation: Token);
        Assert.Equal("No data distribution set: files go to the clusters hosting their tables", (await network.CommandAsync("get publisher distribution", Token)).Text);
        await PublisherNetwork.RunAsync(network.Publisher, $"set data distribution where dbms = pub and table = t and dest = {op2.Address}", Token);
        Assert.Matches($@"pub +\|t +\|{op2.Address} *\|", (await network.CommandAsync("get publisher distribution", Token)).Text);
        network.Drop(FileName("t", 1), Rows(0, 4));
        await WaitForRowsAsync(op2, "t", 4);
        Assert.Equal(0, await op1.CountAsync("pub", "t", Token));

        await PublisherNetwork.RunAsync(network.Publisher, "set data distribution where dbms = pub and table = t and remove = true", Token);
        Assert.Equal("[]", (await network.CommandAsync("get publisher distribution where format = json", Token)).Text);
        network.Drop(FileName("t", 2), Rows(4, 6));
        await WaitForRowsAsync(op1, "t", 6);
        Assert.Equal(4, await op2.CountAsync("pub", "t", Token));

        var again = await network.CommandAsync("set data distribution where dbms = pub and table = t and remove = true", Token);
        Assert.Equal("Error 4: Unrecognized option: no data distribution is set for pub.t", again.ErrorLine);
        var nowhere = await network.CommandAsync("set data distribution where dbms = pub and table = *", Token);
        Assert.True(nowhere.IsError);
        Assert.Contains("name at least one destination", nowhere.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shipped_files_are_deleted_or_kept_compressed_as_the_flags_say_and_bad_names_go_to_the_error_dir()
    {
        await using var network = await StartAsync([new("op1", "c1", Main: true)], [new("pub", "t", "c1")], cancellation: Token);
        await network.RunPublisherAsync("compress_json = true", Token);
        network.Drop(FileName("t", 1), Rows(0, 2));
        network.Drop("not-a-data-file.json", Rows(0, 1));
        var bkup = network.Publisher.Dictionary.Get("bkup_dir")!;
        await Eventually.HoldsAsync(() => Directory.GetFiles(bkup, "*.json.gz").Length == 1, "the shipped file gzipped in bkup_dir", Budget);
        var errDir = network.Publisher.Dictionary.Get("err_dir")!;
        await Eventually.HoldsAsync(() => Directory.GetFiles(errDir, "*.reason.txt").Length == 1, "the bad file in the error dir", Budget);
        Assert.Contains("needs at least '<dbms>.<table>'", File.ReadAllText(Directory.GetFiles(errDir, "*.reason.txt")[0]), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(errDir, "not-a-data-file.err_9.*.json"));

        await PublisherNetwork.RunAsync(network.Publisher, "exit publisher", Token);
        await network.RunPublisherAsync("delete_json = true", Token);
        network.Drop(FileName("t", 2), Rows(2, 3));
        await WaitForRowsAsync(network.Operators[0], "t", 5);
        await Eventually.HoldsAsync(() => Directory.GetFiles(network.WatchDir).Length == 0, "the shipped file deleted", Budget);
        Assert.Single(Directory.GetFiles(bkup));
    }

    [Fact]
    public async Task The_publisher_refuses_to_share_a_watch_dir_with_an_operator_to_run_without_tcp_and_write_immediate_buffers_while_it_runs()
    {
        await using var network = await StartAsync([new("op1", "c1", Main: true)], [new("pub", "t", "c1")], cancellation: Token);
        var op1 = network.Operators[0].Node!;
        var beside = await op1.Dispatcher.ExecuteAsync("run publisher", Core.Commands.CommandSource.Cli, null, null, Token);
        Assert.True(beside.IsError);
        Assert.Contains("an operator and a publisher cannot share the watch dir", beside.ErrorLine, StringComparison.Ordinal);
        var elsewhere = Directory.CreateDirectory(Path.Combine(op1.Paths.DataDir, "outgoing")).FullName;
        await PublisherNetwork.RunAsync(op1, $"run publisher where watch_dir = {elsewhere}", Token);
        await PublisherNetwork.RunAsync(op1, "exit publisher", Token);

        await network.RunPublisherAsync(cancellation: Token);
        var policy = (await PublisherNetwork.RunAsync(network.Publisher, "blockchain get operator where name = op1 bring [operator][id]", Token)).Trim();
        var operatorBeside = await network.CommandAsync($"run operator where policy = {policy}", Token);
        Assert.Contains("an operator and a publisher cannot share the watch dir", operatorBeside.ErrorLine, StringComparison.Ordinal);
        var immediate = await network.CommandAsync("set buffer threshold where dbms = pub and write_immediate = true", Token);
        Assert.Contains("write_immediate = true is refused while the publisher runs", immediate.ErrorLine, StringComparison.Ordinal);

        await PublisherNetwork.RunAsync(network.Publisher, "exit publisher", Token);
        await PublisherNetwork.RunAsync(network.Publisher, "set buffer threshold where dbms = pub and write_immediate = true", Token);
        var withImmediate = await network.CommandAsync("run publisher", Token);
        Assert.Contains("streaming buffers of pub have write_immediate = true", withImmediate.ErrorLine, StringComparison.Ordinal);
        await PublisherNetwork.RunAsync(network.Publisher, "set buffer threshold where dbms = pub and write_immediate = false", Token);

        await PublisherNetwork.RunAsync(network.Publisher, "exit tcp", Token);
        var withoutTcp = await network.CommandAsync("run publisher", Token);
        Assert.Contains("the publisher needs the node's TCP server", withoutTcp.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("Publisher", (await network.CommandAsync("get processes", Token)).Text, StringComparison.Ordinal);
    }
}
