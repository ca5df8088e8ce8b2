using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Network.Tcp.Client;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Network.Sync;

/// <summary><c>run blockchain sync</c> (start, or sync now), <c>get synchronizer</c>, and the <c>wait N for sync</c> condition.</summary>
internal static class SyncCommands
{
    /// <summary>
    /// Columns of <c>get synchronizer</c> (reference <c>get_synchronizer.txt</c>): EdgeLake top-aligns its two-line headers,
    /// so one-line headers end with an empty second line; "Since Update " keeps EdgeLake's 13-character column.
    /// </summary>
    private static readonly string[] Headers =
    [
        "Status\n", "Sync\nSource", "Connection\n", "Sync\nTime", "Metadata Version\n", "Time\nSince Update ", "Calls\n", "Loads\n",
        "Policies\n", "Sync OK\n", "Sync Err\n",
    ];

    public static void Register(Node node, PeerClient peers, LedgerExporter exporter)
    {
        node.AddCommand(new CommandSpec("run blockchain sync", "Keep the local ledger in sync with the master node (or, on a master, its ledger table).",
            context => RunAsync(context, peers, exporter))
        {
            Usage = "run blockchain sync where source = [master | dbms] and time = [interval] and dest = file [and dest = dbms] " +
                    "and connection = [master ip:port]",
            Explanation = "Every period the node sends the md5 of its ledger to the master, which sends its ledger back when they differ; " +
                          "the node then keeps its local-only policies (and pushes them to the master), saves the previous ledger as " +
                          "blockchain.old and switches to the new one atomically. Policies queued while the master was down are pushed " +
                          "first. dest = dbms also loads the policies into the local ledger table; source = dbms (on a master) writes the " +
                          "ledger table to the ledger file. 'run blockchain sync' alone syncs now; 'wait 10 for sync' waits for the next " +
                          "completed sync; 'get synchronizer' shows the counters; 'exit synchronizer' stops it.",
            Examples =
            [
                "run blockchain sync where source = master and time = 30 seconds and dest = file and connection = !ledger_conn",
                "run blockchain sync where source = master and time = 1 minute and dest = file and dest = dbms and connection = 10.0.0.1:32048",
                "run blockchain sync where source = dbms and time = 30 seconds and dest = file",
                "run blockchain sync",
            ],
            Where = SyncOptions.Schema,
            Topics = ["blockchain", "background processes"],
        });
        node.AddCommand(new CommandSpec("get synchronizer", "Show the blockchain synchronizer: source, period, ledger version and sync counters.",
            GetSynchronizer)
        {
            Usage = "get synchronizer [where format = json]",
            Examples = ["get synchronizer", "get synchronizer where format = json"],
            Where = FormatOnly,
            Http = HttpRule.Get,
            Topics = ["blockchain", "background processes"],
        });
        node.WaitConditions.Register("sync", since => Process(node) is { State: ProcessState.Running } sync && sync.SyncedSince(since));
    }

    private static BlockchainSyncProcess? Process(Node node) => node.Processes.Get<BlockchainSyncProcess>(ProcessNames.BlockchainSync);

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, PeerClient peers, LedgerExporter exporter)
    {
        var node = context.Node;
        if (context.WhereIndex < 0)
        {
            if (context.Arguments.Count > 0)
                return CommandResult.Error(ErrorCode.CommandStructure, "expected 'run blockchain sync' (sync now) or 'run blockchain sync where ...'");
            if (Process(node) is not { State: ProcessState.Running } running)
                return CommandResult.Error(ErrorCode.ProcessNotRunning,
                    "the synchronizer is not running: run blockchain sync where source = master and time = 30 seconds and dest = file and connection = [ip:port]");
            running.SyncNow();
            return CommandResult.Empty;
        }
        var options = SyncOptions.FromCommand(context);
        return await node.Processes.StartAsync(new BlockchainSyncProcess(node, options, peers, exporter), context.Cancellation);
    }

    private static ValueTask<CommandResult> GetSynchronizer(CommandContext context)
    {
        if (Process(context.Node) is not { State: not ProcessState.NotDeclared } sync) return Done("Blockchain synchronizer not running");
        var node = context.Node;
        var (version, policies) = sync.Ledger;
        var statistics = sync.Statistics;
        var options = sync.Options;
        var status = sync.State == ProcessState.Running ? "Running" : sync.State.ToString();
        var connection = options.Master?.ToString() ?? "ledger table";
        var sinceUpdate = File.Exists(sync.LedgerFile)
            ? Elapsed(node.Time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(sync.LedgerFile))
            : "";
        object?[] values =
        [
            status, options.SourceName, connection, options.Seconds, version, sinceUpdate, statistics.Calls, statistics.Loads, (long)policies,
            statistics.Ok, statistics.Errors,
        ];
        if (WantsJson(context))
        {
            var json = new JsonObject();
            for (var i = 0; i < Headers.Length; i++)
                json[Headers[i].Replace('\n', ' ').Trim()] = values[i] is long number ? JsonValue.Create(number) : JsonValue.Create((string?)values[i]);
            if (statistics.LastError is { } error) json["Last Error"] = error;
            return Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        return Done(TableFormatter.Format(Headers, [values]));
    }

    private static string Elapsed(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");
    }
}
