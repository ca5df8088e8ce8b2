using EdgeNode.Core.Ingest;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Ingest.Operator;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// <c>run publisher</c>, <c>get publisher [files|summary|config]</c>, <c>set data distribution</c> and
/// <c>get publisher distribution</c> (<c>exit publisher</c> is generic).
/// </summary>
internal static class PublisherCommands
{
    private static readonly string[] Views = ["files", "summary", "config"];

    private static readonly OptionSchema DistributionSchema = new(
        new OptionSpec("dbms", OptionType.Str, "the database of the files") { Required = true },
        new OptionSpec("table", OptionType.Str, "the table of the files, or * for every table of the database") { Required = true },
        new OptionSpec("dest", OptionType.IpPort, "an operator (ip:port) the files go to; several take the files in turn") { Repeatable = true },
        new OptionSpec("remove", OptionType.Bool, "remove the override: the files go to the clusters hosting the table again") { Default = "false" });

    public static void Register(Node node, PublisherStatistics stats, DataDistribution distribution)
    {
        node.AddCommand(new CommandSpec("run publisher", "Ship the data files of the watch directory to the operators that host their tables.",
            context => RunAsync(context, stats, distribution))
        {
            Usage = "run publisher where [watch_dir|bkup_dir|error_dir = path] [and delete_json|delete_sql|compress_json|compress_sql = true/false] " +
                    "[and company = name] [and master_node = ip:port] [and threads = N]",
            Explanation =
                "A publisher sits where data enters (REST PUT, MQTT, the streamer) and keeps no database: each data file " +
                "(<dbms>.<table>.<source>.<hash>.<instructions>.json[.gz] or .sql) placed in its watch dir goes, by TCP file transfer, into the " +
                "watch dir of an operator that hosts the table. The company (the company option, else the company of the clusters serving the " +
                "database) and the file's dbms and table name the clusters hosting the table (table and cluster policies of the ledger); files " +
                "take the clusters in turn, and in a cluster go to the active main operator, else to the active members in turn. An override " +
                "of 'set data distribution' names the destination instead. A file whose table no cluster hosts yet waits in the watch dir and " +
                "goes once the ledger names one. A file leaves the watch dir (deleted, or kept in bkup_dir, compressed per the flags) only " +
                "after its operator confirmed it was written; an operator that does not take it is tried again with back-off, then another " +
                "member of the same cluster: a file never goes to two clusters. Needs the TCP server; cannot share its watch dir with an " +
                "operator, and streaming buffers with write_immediate = true are refused while it runs.",
            Examples =
            [
                "run publisher where delete_json = true and delete_sql = true",
                "run publisher where company = anylog and delete_json = true and delete_sql = true",
                "run publisher where watch_dir = !watch_dir and bkup_dir = !bkup_dir and error_dir = !err_dir and compress_json = true and master_node = !ledger_conn",
            ],
            Where = PublisherOptions.Schema,
            Topics = ["configuration", "background processes"],
        });
        node.AddCommand(new CommandSpec("get publisher", "Show the publisher: files and rows shipped per table and destination, errors, files waiting.",
            context => Get(context, stats))
        {
            Usage = "get publisher [files|summary|config] [where format = json]",
            Explanation =
                "files (the default while it runs): per table and destination the files and rows an operator confirmed, the failed tries and " +
                "the last file and error, then the files not confirmed yet and what they wait for. summary: totals since the previous " +
                "summary and since the start. config: the options and the files waiting (the default when the publisher never ran).",
            Examples = ["get publisher", "get publisher files", "get publisher summary", "get publisher summary where format = json", "get publisher config"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["monitor", "background processes"],
        });
        node.AddCommand(new CommandSpec("get publisher distribution", "Show the destinations 'set data distribution' gives tables instead of their clusters.",
            context => Format(PublisherReport.Distribution(distribution, CommandHelpers.WantsJson(context)), CommandHelpers.WantsJson(context)))
        {
            Usage = "get publisher distribution [where format = json]",
            Examples = ["get publisher distribution", "get publisher distribution where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["monitor", "background processes"],
        });
        node.AddCommand(new CommandSpec("set data distribution", "Send the publisher's files of a table (or of every table of a database) to given operators.",
            context => SetDistribution(context, distribution))
        {
            Usage = "set data distribution where dbms = [dbms] and table = [table|*] and dest = [ip:port] [and dest = [ip:port] ...] | and remove = true",
            Explanation =
                "The publisher sends the files of dbms.table (table = * : of every table of the database) to the destinations named, in turn, " +
                "instead of to the clusters the metadata names; a table's own entry wins over its database's *. remove = true drops the " +
                "override. Files already on their way keep their destination. Kept until the node stops.",
            Examples =
            [
                "set data distribution where dbms = lsl_demo and table = ping_sensor and dest = 10.0.0.25:32148",
                "set data distribution where dbms = lsl_demo and table = * and dest = 10.0.0.25:32148 and dest = 10.0.0.26:32148",
                "set data distribution where dbms = lsl_demo and table = ping_sensor and remove = true",
            ],
            Where = DistributionSchema,
            Topics = ["configuration", "background processes"],
        });
    }

    private static ValueTask<CommandResult> Format(string text, bool json) =>
        ValueTask.FromResult(json ? CommandResult.Json(text) : CommandResult.Ok(text));

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, PublisherStatistics stats, DataDistribution distribution)
    {
        var bound = context.BindWhere();
        var node = context.Node;
        var threads = bound.Int("threads", PublisherOptions.DefaultThreads);
        if (threads is < 1 or > 32) return CommandResult.Error(ErrorCode.WrongOptionType, $"threads = {threads}: the publisher sends 1 to 32 files at a time");
        if (node.Services.Find<Streamer>()?.Thresholds is { } thresholds && WriteImmediate(thresholds) is { } immediate)
            return CommandResult.Error(ErrorCode.WrongOption,
                $"streaming buffers of {immediate} have write_immediate = true: a publisher ships files and inserts no rows " +
                "('set buffer threshold where ... and write_immediate = false' first)");
        var options = new PublisherOptions
        {
            WatchDir = OperatorCommands.Dir(bound, node, "watch_dir", "watch_dir"),
            BkupDir = OperatorCommands.Dir(bound, node, "bkup_dir", "bkup_dir"),
            ErrDir = bound.Str("error_dir") ?? OperatorCommands.Dir(bound, node, "err_dir", "err_dir"),
            DeleteJson = bound.Bool("delete_json"),
            DeleteSql = bound.Bool("delete_sql"),
            CompressJson = bound.Bool("compress_json"),
            CompressSql = bound.Bool("compress_sql"),
            Company = bound.Str("company"),
            Master = bound.Endpoint("master_node"),
            Blockchain = bound.Str("blockchain"),
            Threads = (int)threads,
        };
        var result = await node.Processes.StartAsync(new PublisherProcess(node, options, stats, distribution), context.Cancellation);
        if (result.IsError) return result;
        var notes = new List<string>();
        if (options.Master is { } master && !node.Processes.IsRunning(ProcessNames.BlockchainSync))
            notes.Add($"Routing reads the local ledger, and no 'run blockchain sync' keeps it current: " +
                      $"run blockchain sync where source = master and time = 30 seconds and dest = file and connection = {master}");
        if (options.Blockchain is not null)
            notes.Add($"Blockchain platform '{options.Blockchain}' is not supported: routing reads the local ledger");
        return notes.Count == 0 ? result : CommandResult.Ok(string.Join('\n', notes));
    }

    /// <summary>The buffers set to write_immediate (all, a database, or a table), or null when none is.</summary>
    internal static string? WriteImmediate(StreamingThresholds thresholds)
    {
        if (thresholds.Global.WriteImmediate) return "every table";
        var entries = thresholds.Entries.Where(e => e.Value.WriteImmediate).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        return entries.Count == 0 ? null : string.Join(", ", entries);
    }

    private static ValueTask<CommandResult> Get(CommandContext context, PublisherStatistics stats)
    {
        var words = context.Positional.Select(t => t.Text.ToLowerInvariant()).ToList();
        if (words.Count > 1 || (words.Count == 1 && !Views.Contains(words[0])))
            return CommandHelpers.Fail(ErrorCode.CommandStructure, $"expected 'get publisher [{string.Join("|", Views)}] [where format = json]'");
        var view = words.Count == 0 ? null : words[0];
        var json = CommandHelpers.WantsJson(context);
        var node = context.Node;
        var process = node.Processes.Get<PublisherProcess>(ProcessNames.Publisher);
        var running = process is { State: ProcessState.Running };
        var now = node.Time.GetUtcNow().UtcDateTime;
        if (view == "config" || (view is null && !running && stats.TotalFiles == 0 && stats.TotalErrors == 0))
            return Format(PublisherReport.Attributes(PublisherReport.ConfigValues(process, running, now), json), json);
        var waiting = running ? Waiting(process!) : [];
        if (view == "summary")
        {
            var row = PublisherReport.SummaryRow(node.Name, process, running, stats, waiting.Sum(w => w.Files), now);
            return Format(json
                ? PublisherReport.Attributes(PublisherReport.SummaryHeaders.Select((h, i) => (h, row[i])).ToList(), json: true)
                : TableFormatter.Format(PublisherReport.SummaryHeaders, [row]), json);
        }
        return Format(json ? PublisherReport.FilesJson(stats, waiting) : PublisherReport.FilesText(stats, waiting), json);
    }

    /// <summary>Files waiting for a cluster, then the files routed and not confirmed yet, per table.</summary>
    private static List<(string Table, string Route, int Files)> Waiting(PublisherProcess process) =>
        [.. process.WaitingForCluster().Select(w => (w.Table, PublisherReport.NoCluster, w.Files)), .. process.Routed()];

    private static ValueTask<CommandResult> SetDistribution(CommandContext context, DataDistribution distribution)
    {
        var bound = context.BindWhere();
        var dbms = bound.Required("dbms");
        var table = bound.Required("table");
        if (!DataFileName.IsIdentifier(dbms) || (table != DataDistribution.AllTables && !DataFileName.IsIdentifier(table)))
            return CommandHelpers.Fail(ErrorCode.WrongOptionType, $"'{dbms}.{table}': dbms and table names hold letters, digits and '_' (table = * for all)");
        if (bound.Bool("remove"))
            return distribution.Remove(dbms, table)
                ? CommandHelpers.Done(CommandResult.Empty)
                : CommandHelpers.Fail(ErrorCode.WrongOption, $"no data distribution is set for {dbms}.{table}");
        var destinations = bound.All("dest").Cast<IpPort>().Distinct().ToList();
        if (destinations.Count == 0)
            return CommandHelpers.Fail(ErrorCode.MissingOption, "name at least one destination (dest = ip:port), or remove = true");
        distribution.Set(dbms, table, destinations);
        return CommandHelpers.Done(CommandResult.Empty);
    }
}
