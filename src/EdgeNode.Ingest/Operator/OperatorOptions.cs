using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Processes;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// <c>run operator where ...</c> (SPEC §5 and the seed's option table), bound once when the operator starts. Directories
/// default to the node's dictionary (<c>!watch_dir</c>, <c>!bkup_dir</c>, <c>!err_dir</c>, <c>!archive_dir</c>, <c>!distr_dir</c>).
/// </summary>
internal sealed record OperatorOptions
{
    public required string PolicyId { get; init; }
    public bool CreateTable { get; init; } = true;
    public bool UpdateTsdInfo { get; init; }
    public bool ArchiveJson { get; init; }
    public bool ArchiveSql { get; init; }
    public bool CompressJson { get; init; }
    public bool CompressSql { get; init; } = true;
    public bool DeleteJson { get; init; }
    public bool MoveJson { get; init; }
    public bool MoveSql { get; init; }
    /// <summary>As given; null: while a data distributor runs (<see cref="Distributes"/>).</summary>
    public bool? Distributor { get; init; }
    public IpPort? Master { get; init; }
    public string? Blockchain { get; init; }
    public int Threads { get; init; } = 1;

    /// <summary>The operator flushes streaming buffers past their thresholds itself (a node without <c>run streamer</c>).</summary>
    public bool FlushStreaming { get; init; }

    /// <summary>Tables to process, as <c>dbms.table</c> or <c>table</c>; null processes all.</summary>
    public IReadOnlySet<string>? LimitTables { get; init; }

    /// <summary>The file types picked up: <c>json</c>, <c>sql</c>, <c>gz</c>.</summary>
    public IReadOnlySet<string> FileTypes { get; init; } = AllFileTypes;

    public static readonly IReadOnlySet<string> AllFileTypes = new HashSet<string>(["json", "sql", "gz"], StringComparer.OrdinalIgnoreCase);

    public string? Company { get; init; }

    public required string WatchDir { get; init; }
    public required string ErrDir { get; init; }
    public required string BkupDir { get; init; }
    public required string ArchiveDir { get; init; }
    public required string DistrDir { get; init; }

    public bool Processes(string dbms, string table) =>
        LimitTables is null || LimitTables.Contains($"{dbms}.{table}") || LimitTables.Contains(table) || LimitTables.Contains($"{dbms}.*");

    /// <summary>
    /// Whether a loaded JSON file goes to distr_dir now: as given, else while a data distributor runs on this node (EdgeLake's
    /// deployment scripts start it without the option), which needs the tsd_info ids that name the distributed files.
    /// </summary>
    public bool Distributes(Node node) => Distributor ?? (UpdateTsdInfo && node.Processes.IsRunning(ProcessNames.Distributor));

    public static readonly OptionSchema Schema = new(
        new OptionSpec("policy", OptionType.Str, "id of the operator policy") { Required = true },
        new OptionSpec("create_table", OptionType.Bool, "create a missing table (from its table policy, else from the JSON)") { Default = "true" },
        new OptionSpec("update_tsd_info", OptionType.Bool,
            "record each file in almgm.tsd_info: loads each file exactly once, refuses duplicates (default: true when almgm.tsd_info exists)"),
        new OptionSpec("archive_json", OptionType.Bool, "move loaded JSON files to archive_dir/YY/MM/DD") { Default = "false" },
        new OptionSpec("archive", OptionType.Bool, "same as archive_json") { Default = "false" },
        new OptionSpec("archive_sql", OptionType.Bool, "move loaded SQL files to archive_dir/YY/MM/DD") { Default = "false" },
        new OptionSpec("compress_json", OptionType.Bool, "gzip JSON files that are kept") { Default = "false" },
        new OptionSpec("compress_sql", OptionType.Bool, "gzip SQL files that are kept") { Default = "true" },
        new OptionSpec("delete_json", OptionType.Bool, "delete JSON files once loaded") { Default = "false" },
        new OptionSpec("move_json", OptionType.Bool, "move loaded JSON files to bkup_dir") { Default = "false" },
        new OptionSpec("move_sql", OptionType.Bool, "move loaded SQL files to bkup_dir (else they are deleted)") { Default = "false" },
        new OptionSpec("distributor", OptionType.Bool,
            "move loaded JSON files to distr_dir for the HA distributor (default: while 'run data distributor' runs, with update_tsd_info)"),
        new OptionSpec("master_node", OptionType.IpPort, "publish table and cluster policies to this master"),
        new OptionSpec("blockchain", OptionType.Str, "a blockchain platform (not supported: policies stay on the local ledger)"),
        new OptionSpec("threads", OptionType.Int, "files loaded in parallel, 1 to 10") { Default = "1" },
        new OptionSpec("flush_streaming", OptionType.Bool, "flush streaming buffers past their thresholds every second (without run streamer)") { Default = "false" },
        new OptionSpec("limit_tables", OptionType.List, "only these tables: (dbms.table, table, ...)"),
        new OptionSpec("file_type", OptionType.List, "only these file types: json, sql, gz"),
        new OptionSpec("company", OptionType.Str, "company of the cluster policies the operator publishes (default: the operator policy's)"),
        new OptionSpec("watch_dir", OptionType.Dir, "directory of incoming data files"),
        new OptionSpec("err_dir", OptionType.Dir, "where files that fail go, with the reason"),
        new OptionSpec("error_dir", OptionType.Dir, "same as err_dir"),
        new OptionSpec("bkup_dir", OptionType.Dir, "where move_json / move_sql put files"),
        new OptionSpec("archive_dir", OptionType.Dir, "root of the archive"),
        new OptionSpec("distr_dir", OptionType.Dir, "where distributor = true puts files"));
}
