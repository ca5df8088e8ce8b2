using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Operator;

/// <summary><c>run operator</c>, <c>get operator [json|sql|inserts|error|summary|config]</c>, <c>get operator pool</c> (<c>exit operator</c> is generic).</summary>
internal static class OperatorCommands
{
    private static readonly string[] Views = [.. OperatorReport.Sections, "summary", "config"];

    public static void Register(Node node, OperatorStatistics stats)
    {
        node.AddCommand(new CommandSpec("run operator", "Monitor the watch directory and load the data files into the local databases.",
            context => RunAsync(context, stats))
        {
            Usage = "run operator where policy = [operator policy id] and [option] = [value] and ...",
            Explanation =
                "Loads each data file (<dbms>.<table>.<source>.<hash>.<instructions>[.<member>.<row id>.<date>].json[.gz] or .sql) placed " +
                "in the watch dir: creates missing tables (from their table policy, else inferred from the JSON) and publishes the table " +
                "and cluster policies; with update_tsd_info each file is recorded in almgm.tsd_info and loaded exactly once. Loaded files " +
                "are archived (archive_json), moved to bkup_dir (move_json, the default), to distr_dir (distributor) or deleted " +
                "(delete_json); files that fail go to the error dir with a .reason.txt beside them.",
            Examples =
            [
                "run operator where create_table = true and update_tsd_info = true and archive_json = true and master_node = !master_node and policy = !operator_policy and threads = 3",
                "run operator where policy = !operator_id and update_tsd_info = true and compress_json = true and archive_json = true",
                "run operator where policy = !operator_id and limit_tables = (lsl_demo.ping_sensor, lsl_demo.percentagecpu_sensor)",
            ],
            Where = OperatorOptions.Schema,
            Topics = ["configuration", "background processes"],
        });
        node.AddCommand(new CommandSpec("get operator", "Show the operator's statistics: files, inserts and errors per table, or its summary or configuration.",
            context => Get(context, stats))
        {
            Usage = "get operator [json|sql|inserts|error|summary|config] [where format = json]",
            Examples = ["get operator", "get operator inserts", "get operator summary", "get operator config", "get operator where format = json"],
            Where = CommandHelpers.FormatOnly,
            Http = HttpRule.Get,
            Topics = ["monitor", "background processes"],
        });
        node.AddCommand(new CommandSpec("get operator pool", "Show the operator's worker threads (1 = busy) and the files handled.", GetPool)
        {
            Usage = "get operator pool [where details = true]",
            Explanation = "With details = true, a row per thread: busy or idle, the file it is loading, and since when (UTC).",
            Examples = ["get operator pool", "get operator pool where details = true"],
            Where = PoolThreads.DetailsSchema,
            Http = HttpRule.Get,
            Topics = ["monitor"],
        });
        RegisterStats(node, stats);
        ArchiveCleanup.Register(node);
    }

    private static void RegisterStats(Node node, OperatorStatistics stats) =>
        node.AddCommand(new CommandSpec("get stats", "Show the operator's summary as EdgeLake's monitoring reads it (rows, errors, times).",
            context => GetStats(context, stats))
        {
            Usage = "get stats where service = operator and topic = summary [and format = json]",
            Examples = ["get stats where service = operator and topic = summary", "node_insight = get stats where service = operator and topic = summary and format = json"],
            Where = StatsSchema,
            Http = HttpRule.Get,
            Topics = ["monitor"],
        });

    private static async ValueTask<CommandResult> RunAsync(CommandContext context, OperatorStatistics stats)
    {
        var bound = context.BindWhere();
        var node = context.Node;
        var threads = bound.Int("threads", 1);
        if (threads is < 1 or > 10) return CommandResult.Error(ErrorCode.WrongOptionType, $"threads = {threads}: the operator runs 1 to 10 threads");
        var types = bound.Has("file_type") ? bound.Strings("file_type").Select(t => t.Trim().ToLowerInvariant()).ToHashSet() : null;
        if (types?.FirstOrDefault(t => t is not ("json" or "sql" or "gz")) is { } badType)
            return CommandResult.Error(ErrorCode.WrongOptionType, $"file_type = {badType}: expected json, sql or gz");
        bool updateTsdInfo;
        try
        {
            updateTsdInfo = bound.Has("update_tsd_info") ? bound.Bool("update_tsd_info") : await TsdInfoExistsAsync(node, context.Cancellation);
        }
        catch (StorageException e)
        {
            return CommandResult.Error(e.Code, $"cannot check almgm.tsd_info (say update_tsd_info = true or false): {e.Message}");
        }
        var options = new OperatorOptions
        {
            PolicyId = bound.Required("policy"),
            CreateTable = bound.Bool("create_table", true),
            UpdateTsdInfo = updateTsdInfo,
            ArchiveJson = bound.Bool("archive_json") || bound.Bool("archive"),
            ArchiveSql = bound.Bool("archive_sql"),
            CompressJson = bound.Bool("compress_json"),
            CompressSql = bound.Bool("compress_sql", true),
            DeleteJson = bound.Bool("delete_json"),
            MoveJson = bound.Bool("move_json"),
            MoveSql = bound.Bool("move_sql"),
            Distributor = bound.Has("distributor") ? bound.Bool("distributor") : null,
            Master = bound.Endpoint("master_node"),
            Blockchain = bound.Str("blockchain"),
            Threads = (int)threads,
            FlushStreaming = bound.Bool("flush_streaming"),
            LimitTables = bound.Has("limit_tables")
                ? bound.Strings("limit_tables").Select(t => t.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal)
                : null,
            FileTypes = types ?? OperatorOptions.AllFileTypes,
            Company = bound.Str("company"),
            WatchDir = Dir(bound, node, "watch_dir", "watch_dir"),
            ErrDir = bound.Str("err_dir") ?? Dir(bound, node, "error_dir", "err_dir"),
            BkupDir = Dir(bound, node, "bkup_dir", "bkup_dir"),
            ArchiveDir = Dir(bound, node, "archive_dir", "archive_dir"),
            DistrDir = Dir(bound, node, "distr_dir", "distr_dir"),
        };
        if (options.Distributor == true && !options.UpdateTsdInfo)
            return CommandResult.Error(ErrorCode.MissingOption,
                "distributor = true needs update_tsd_info = true: cluster peers file each distributed file by its member and tsd_info id");
        if (node.Processes.Get<Publisher.PublisherProcess>(ProcessNames.Publisher) is { State: ProcessState.Running } publisher
            && Publisher.PublisherProcess.SameDirectory(publisher.Options.WatchDir, options.WatchDir))
            return CommandResult.Error(ErrorCode.ProcessAlreadyRunning, Publisher.PublisherProcess.SharedWatchDir(options.WatchDir));
        var result = await node.Processes.StartAsync(new OperatorProcess(node, options, stats), context.Cancellation);
        if (result.IsError) return result;
        var notes = new List<string>();
        if (!node.Processes.IsRunning(ProcessNames.Tcp))
            notes.Add("Operator running without a TCP server: the data is loaded, but peers cannot query it until 'run tcp server'");
        if (!options.UpdateTsdInfo && !bound.Has("update_tsd_info"))
            notes.Add("Files are not recorded (no almgm.tsd_info): duplicates are not refused and a crash may load a file twice; " +
                      "'create table tsd_info where dbms = almgm' before 'run operator' loads each file exactly once");
        return notes.Count == 0 ? result : CommandResult.Ok(string.Join('\n', notes));
    }

    /// <summary>
    /// <c>update_tsd_info</c> not given: on when <c>almgm.tsd_info</c> exists. EdgeLake's default is off, but the table
    /// only exists to record files (deployment scripts create it and set the option), and without it a file can load twice.
    /// </summary>
    private static async Task<bool> TsdInfoExistsAsync(Node node, CancellationToken cancellation) =>
        node.Services.Find<IDbmsRegistry>()?.Find("almgm") is { } almgm
        && await almgm.GetSchemaAsync("tsd_info", cancellation) is not null;

    /// <summary>A directory option, else the node's directory (dictionary value, else its default under the data dir).</summary>
    internal static string Dir(BoundOptions bound, Node node, string option, string dictionaryKey) =>
        bound.Str(option) ?? Files.NodeDirectories.Get(node, dictionaryKey);

    private static ValueTask<CommandResult> Get(CommandContext context, OperatorStatistics stats)
    {
        var words = context.Positional.Select(t => t.Text.ToLowerInvariant()).ToList();
        if (words.Count > 1 || (words.Count == 1 && !Views.Contains(words[0])))
            return CommandHelpers.Fail(ErrorCode.CommandStructure, $"expected 'get operator [{string.Join("|", Views)}] [where format = json]'");
        var view = words.Count == 0 ? null : words[0];
        var json = CommandHelpers.WantsJson(context);
        var process = context.Node.Processes.Get<OperatorProcess>(ProcessNames.Operator);
        var running = process is { State: ProcessState.Running };
        var now = context.Node.Time.GetUtcNow().UtcDateTime;
        if (view == "config" || (view is null && !running && stats.TotalFiles == 0 && stats.TotalErrors == 0))
            return CommandHelpers.Done(Config(process, running, now, json));
        if (view == "summary") return CommandHelpers.Done(Summary(context.Node, process, running, stats, now, json));
        var sections = view is null ? OperatorReport.Sections : [view];
        return CommandHelpers.Done(json
            ? CommandResult.Json(OperatorReport.Json(stats, sections, now))
            : CommandResult.Ok(OperatorReport.Text(stats, sections, now)));
    }

    private static CommandResult Config(OperatorProcess? process, bool running, DateTime now, bool json)
    {
        var identity = process?.Identity;
        var options = process?.Options;
        var values = new List<(string, object?)>
        {
            ("Status", running ? "Running" : "Not running"),
            ("Operational time", running ? OperatorReport.Elapsed(now - process!.StartedAt) : "00:00:00"),
            ("Member", identity?.Member ?? ""),
            ("Policy", identity?.PolicyId ?? options?.PolicyId ?? ""),
            ("Cluster", identity?.ClusterId ?? ""),
        };
        if (options is not null)
        {
            values.Add(("Threads", options.Threads));
            values.Add(("Create table", options.CreateTable));
            values.Add(("Update tsd_info", options.UpdateTsdInfo));
            values.Add(("Master", options.Master?.ToString() ?? ""));
            values.Add(("Watch dir", options.WatchDir));
            values.Add(("Kept files", options.DeleteJson ? "deleted" : process!.Distributes ? options.DistrDir : options.ArchiveJson ? options.ArchiveDir : options.BkupDir));
            values.Add(("Error dir", options.ErrDir));
            values.Add(("Waiting for DBMS", running ? process!.FilesWaitingForDbms : 0));
        }
        if (json)
        {
            var body = new JsonObject();
            foreach (var (key, value) in values) body[key.ToLowerInvariant().Replace(' ', '_')] = Node(value);
            return CommandResult.Json(PyJson.Serialize(body));
        }
        return CommandResult.Ok(TableFormatter.Format(["Attribute", "Value"], values.Select(v => (IReadOnlyList<object?>)[v.Item1, v.Item2])));
    }

    private static readonly OptionSchema StatsSchema = new(
        new OptionSpec("service", OptionType.Str, "operator") { Required = true },
        new OptionSpec("topic", OptionType.Str, "summary") { Default = "summary" },
        new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    /// <summary>
    /// <c>get stats where service = operator and topic = summary</c>: the summary as EdgeLake's monitoring scripts read it
    /// (title <c>Stats: OPERATOR SUMMARY</c>, node as name@ip:port, status Active / Not Active, lower-case JSON keys).
    /// </summary>
    private static ValueTask<CommandResult> GetStats(CommandContext context, OperatorStatistics stats)
    {
        var options = context.BindWhere();
        var service = options.Required("service").ToLowerInvariant();
        var topic = options.Str("topic", "summary").ToLowerInvariant();
        if (service != "operator" || topic != "summary")
            return CommandHelpers.Fail(ErrorCode.WrongOption, $"Wrong service and topic names: '{service}' and '{topic}' (operator and summary are known)");
        var node = context.Node;
        var process = node.Processes.Get<OperatorProcess>(ProcessNames.Operator);
        var running = process is { State: ProcessState.Running };
        var row = SummaryRow(node, process, running, stats, node.Time.GetUtcNow().UtcDateTime);
        row[0] = $"{node.Name}@{node.Address}";
        row[1] = running ? "Active" : "Not Active";
        if (options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            var body = new JsonObject();
            for (var i = 0; i < SummaryHeaders.Length; i++) body[SummaryHeaders[i].ToLowerInvariant()] = Node(row[i]);
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(body)));
        }
        return CommandHelpers.Done("\r\n\n" + TableFormatter.Format(SummaryHeaders, [row], "Stats: OPERATOR SUMMARY")[2..]); // EdgeLake's "\r\n\n"
    }

    private static readonly string[] SummaryHeaders =
        ["Node name", "Status", "Operational time", "Processing time", "Elapsed time", "New rows", "Total rows", "New errors", "Total errors", "Avg. rows/sec"];

    private static CommandResult Summary(Node node, OperatorProcess? process, bool running, OperatorStatistics stats, DateTime now, bool json)
    {
        var row = SummaryRow(node, process, running, stats, now);
        if (!json) return CommandResult.Ok(TableFormatter.Format(SummaryHeaders, [row]));
        var body = new JsonObject();
        for (var i = 0; i < SummaryHeaders.Length; i++) body[SummaryHeaders[i]] = Node(row[i]);
        return CommandResult.Json(PyJson.Serialize(body));
    }

    /// <summary>The summary's values; the "new" columns count from the previous summary, which this one becomes.</summary>
    private static object?[] SummaryRow(Node node, OperatorProcess? process, bool running, OperatorStatistics stats, DateTime now)
    {
        var (lastAt, lastRows, lastErrors) = stats.LastSummary;
        var since = lastAt == default ? process?.StartedAt ?? now : lastAt;
        var newRows = stats.TotalRows - lastRows;
        var newErrors = stats.TotalErrors - lastErrors;
        stats.LastSummary = (now, stats.TotalRows, stats.TotalErrors);
        var rate = stats.ProcessingSeconds > 0 ? Math.Round(stats.TotalRows / stats.ProcessingSeconds, 2) : 0.0;
        return
        [
            node.Name, running ? "Running" : "Not running", running ? OperatorReport.Elapsed(now - process!.StartedAt) : "00:00:00",
            OperatorReport.Elapsed(TimeSpan.FromSeconds(stats.ProcessingSeconds)), OperatorReport.Elapsed(now - since), newRows, stats.TotalRows,
            newErrors, stats.TotalErrors, rate,
        ];
    }

    private static ValueTask<CommandResult> GetPool(CommandContext context)
    {
        var details = context.BindWhere().Bool("details");
        var process = context.Node.Processes.Get<OperatorProcess>(ProcessNames.Operator);
        return process is { State: ProcessState.Running }
            ? CommandHelpers.Done(process.DescribePool(details))
            : CommandHelpers.Fail(ErrorCode.ProcessNotRunning, "the operator is not running");
    }

    /// <summary>A statistics value as JSON (numbers and booleans stay numbers and booleans).</summary>
    internal static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
