using System.Diagnostics;
using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Benchmarks.Network;

/// <summary>
/// The blockchain synchronizer on loopback (issue 7): a master whose ledger table holds N policies and a node syncing from
/// it. A changed ledger costs the master's export, the transfer, and the node's merge, atomic swap and reload; it is
/// measured from <c>run blockchain sync</c> to the node using the new ledger, next to a <c>file copy</c> of the same
/// ledger file between the same nodes. An unchanged ledger costs one <c>event get_blockchain</c> round trip (export and
/// md5 on the master), next to a <c>get status</c> round trip.
/// </summary>
public sealed class LedgerSyncBenchmark : IBenchmarkDriver
{
    public string Name => "ledger-sync";

    public string Description => "run blockchain sync of an N-policy ledger, next to a file copy of it  [policies=100000 repeats=5]";

    public async Task RunAsync(string[] arguments)
    {
        var policies = arguments.Length > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 100_000;
        var repeats = arguments.Length > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 5;
        await using var nodes = new LoopbackNodes();
        var (master, masterAddress) = await nodes.StartAsync("master");
        var (node, nodeAddress) = await nodes.StartAsync("node");
        await LoopbackNodes.RunAsync(master, "connect dbms blockchain where type = sqlite");
        await LoopbackNodes.RunAsync(master, "create table ledger where dbms = blockchain");
        await LoopbackNodes.RunAsync(master, BulkInsert(policies));
        var export = master.Dictionary.Get("blockchain_new")!;
        await LoopbackNodes.RunAsync(master, "blockchain pull to json");
        var megabytes = new FileInfo(export).Length / 1024.0 / 1024.0;
        var copy = Path.Combine(node.Paths.DataDir, "tmp", "ledger copy.json");

        await LoopbackNodes.RunAsync(node, $"run blockchain sync where source = master and time = 1 hour and dest = file and connection = {masterAddress}");
        var ledger = node.Services.Get<ILedgerSync>();
        await SyncAsync(node, ledger, policies); // the first sync, started with the process
        Console.WriteLine($"Ledger sync of {policies:N0} policies ({megabytes:F1} MB) on 127.0.0.1, best of {repeats} ({Environment.ProcessorCount} cores)");

        double baseline = double.MaxValue, sync = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            baseline = Math.Min(baseline, await TimeAsync(() =>
                LoopbackNodes.RunAsync(master, $"run client ({nodeAddress}, timeout = 600) file copy {export} \"{copy}\"")));
            // one more policy on the master: the next sync takes the whole ledger again
            var added = policies + i + 1;
            await LoopbackNodes.RunAsync(master, $"blockchain push {{\"tag\": {{\"name\": \"late {i}\", \"id\": \"late{i}\", \"date\": \"2030-01-01T00:00:00.000000Z\"}}}}");
            sync = Math.Min(sync, await TimeAsync(() => SyncAsync(node, ledger, added)));
        }
        Console.WriteLine($"{"baseline: run client file copy of the ledger",-52} {baseline * 1000,8:N0} ms");
        Console.WriteLine($"{"run blockchain sync, ledger changed",-52} {sync * 1000,8:N0} ms   ({sync / baseline:N1}x the copy)");

        var version = ledger.Version;
        var file = node.Dictionary.Get("blockchain_new")!;
        var status = await Latencies.MeasureAsync("get status", 200, 1, () => LoopbackNodes.RunAsync(node, $"x = run client ({masterAddress}) get status"));
        var current = await Latencies.MeasureAsync("event get_blockchain", 20, 1, () =>
            LoopbackNodes.RunAsync(node, $"x = run client ({masterAddress}, timeout = 600) event get_blockchain {file} {version} 0"));
        Console.WriteLine($"{"baseline: run client (master) get status, p50",-52} {status.Percentile(50),8:N1} ms");
        Console.WriteLine($"{"sync with the ledger unchanged (export + md5), p50",-52} {current.Percentile(50),8:N1} ms");
    }

    /// <summary>Syncs now and waits until the node uses a ledger of <paramref name="expected"/> policies.</summary>
    private static async Task SyncAsync(Node node, ILedgerSync ledger, int expected)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, EventArgs e)
        {
            if (ledger.PolicyCount == expected) done.TrySetResult();
        }
        ledger.Changed += OnChanged;
        try
        {
            if (ledger.PolicyCount == expected) return;
            await LoopbackNodes.RunAsync(node, "run blockchain sync");
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            ledger.Changed -= OnChanged;
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>N operator-sized policies written into the ledger table in one statement.</summary>
    private static string BulkInsert(int count) =>
        "sql blockchain \"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " +
        count.ToString(CultureInfo.InvariantCulture) + ") " +
        "INSERT INTO ledger (policy_type, policy_id, company_name, date, host, status, policy) " +
        "SELECT 'operator', printf('%032x', x), 'company ' || (x % 100), printf('2026-01-01T00:00:00.%06dZ', x), '127.0.0.1', NULL, " +
        "printf('{\\\"operator\\\": {\\\"name\\\": \\\"operator %d\\\", \\\"company\\\": \\\"company %d\\\", \\\"hostname\\\": \\\"host-%d\\\", " +
        "\\\"ip\\\": \\\"10.0.%d.%d\\\", \\\"port\\\": 32148, \\\"rest_port\\\": 32149, \\\"cluster\\\": \\\"%032x\\\", \\\"main\\\": true, " +
        "\\\"loc\\\": \\\"0.0, 0.0\\\", \\\"country\\\": \\\"Unknown\\\", \\\"state\\\": \\\"Unknown\\\", \\\"city\\\": \\\"Unknown\\\", " +
        "\\\"id\\\": \\\"%032x\\\", \\\"date\\\": \\\"2026-01-01T00:00:00.%06dZ\\\", \\\"member\\\": 1, \\\"ledger\\\": \\\"global\\\"}}', " +
        "x, x % 100, x, (x / 250) % 250, x % 250, x / 10, x, x) FROM n\"";
}
