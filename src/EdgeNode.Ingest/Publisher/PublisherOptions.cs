using EdgeNode.Core.Binding;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// <c>run publisher where ...</c> (SPEC §6 and the seed's option table), bound once when the publisher starts. Directories
/// default to the node's dictionary (<c>!watch_dir</c>, <c>!bkup_dir</c>, <c>!err_dir</c>).
/// </summary>
internal sealed record PublisherOptions
{
    public required string WatchDir { get; init; }
    public required string BkupDir { get; init; }
    public required string ErrDir { get; init; }
    public bool DeleteJson { get; init; }
    public bool DeleteSql { get; init; }
    public bool CompressJson { get; init; }
    public bool CompressSql { get; init; }

    /// <summary>The company owning every file; null: the company of the clusters serving the file's database.</summary>
    public string? Company { get; init; }

    public IpPort? Master { get; init; }
    public string? Blockchain { get; init; }

    /// <summary>Files sent at the same time (each on its own connection).</summary>
    public int Threads { get; init; } = DefaultThreads;

    public const int DefaultThreads = 4;

    /// <summary>Where files wait once their destination is chosen: <c>watch_dir/.publisher/&lt;route&gt;/</c>.</summary>
    public string RoutesDir => Path.Combine(WatchDir, ".publisher");

    /// <summary>True when a shipped file of this type is deleted rather than kept in <see cref="BkupDir"/>.</summary>
    public bool Deletes(string type) => type == "sql" ? DeleteSql : DeleteJson;

    /// <summary>True when a shipped file of this type is kept gzipped.</summary>
    public bool Compresses(string type) => type == "sql" ? CompressSql : CompressJson;

    public static readonly OptionSchema Schema = new(
        new OptionSpec("watch_dir", OptionType.Dir, "directory of the data files to ship (fed by REST PUT, MQTT and the streamer)"),
        new OptionSpec("bkup_dir", OptionType.Dir, "where shipped files are kept (unless deleted)"),
        new OptionSpec("error_dir", OptionType.Dir, "where files that cannot be shipped go, with the reason"),
        new OptionSpec("err_dir", OptionType.Dir, "same as error_dir"),
        new OptionSpec("delete_json", OptionType.Bool, "delete JSON files once an operator confirmed them") { Default = "false" },
        new OptionSpec("delete_sql", OptionType.Bool, "delete SQL files once an operator confirmed them") { Default = "false" },
        new OptionSpec("compress_json", OptionType.Bool, "gzip the JSON files kept in bkup_dir") { Default = "false" },
        new OptionSpec("compress_sql", OptionType.Bool, "gzip the SQL files kept in bkup_dir") { Default = "false" },
        new OptionSpec("company", OptionType.Str, "the company owning all the data (default: the company of the clusters serving the file's database)"),
        new OptionSpec("master_node", OptionType.IpPort, "the master the node's ledger is synced from (run blockchain sync keeps routing current)"),
        new OptionSpec("blockchain", OptionType.Str, "a blockchain platform (not supported: routing reads the local ledger)"),
        new OptionSpec("threads", OptionType.Int, "files sent at the same time, 1 to 32") { Default = "4" });
}
