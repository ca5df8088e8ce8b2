using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Network.Sync;

/// <summary>
/// How <c>run blockchain sync</c> was configured (SPEC §2): where the ledger comes from (a master node, or this master's
/// own ledger table), how often, and where it goes (the ledger file, and the local ledger table with <c>dest = dbms</c>).
/// </summary>
internal sealed record SyncOptions(SyncSource Source, TimeSpan Period, IpPort? Master, bool ToDbms)
{
    public static readonly OptionSchema Schema = new(
        new OptionSpec("source", OptionType.Str, "where the ledger comes from: master (a master node) or dbms (this master's ledger table)")
        {
            Required = true,
        },
        new OptionSpec("time", OptionType.Time, "how often to sync, e.g. 30 seconds (at least 1 second)") { Required = true },
        new OptionSpec("dest", OptionType.Str, "where the ledger goes: file (the ledger file), dbms (also the local ledger table)")
        {
            Repeatable = true,
            Default = "file",
        },
        new OptionSpec("connection", OptionType.IpPort,
            "the master's ip:port (source = master); default: the master policy in the ledger (blockchain get master bring.ip_port)"),
        new OptionSpec("platform", OptionType.Str, "a blockchain platform (source = blockchain: not supported, use a master)"));

    public string SourceName => Source == SyncSource.Master ? "master" : "dbms";

    public long Seconds => (long)Period.TotalSeconds;

    /// <summary>The <c>get processes</c> details of a running synchronizer.</summary>
    public string Describe() => Source == SyncSource.Master
        ? string.Create(CultureInfo.InvariantCulture, $"Sync every {Seconds} seconds with master using: {Master}")
        : string.Create(CultureInfo.InvariantCulture, $"Sync every {Seconds} seconds to local blockchain file");

    public static SyncOptions FromCommand(CommandContext context)
    {
        var where = context.BindWhere(Schema);
        var source = where.Required("source").ToLowerInvariant() switch
        {
            "master" => SyncSource.Master,
            "dbms" => SyncSource.Dbms,
            "blockchain" => throw new CommandSyntaxException(
                $"source = blockchain (platform {where.Str("platform") ?? "not given"}) is not supported: keep the ledger on a master node " +
                "and sync with source = master and connection = ip:port", 0, ErrorCode.NotSupported),
            var other => throw new CommandSyntaxException($"source = '{other}': expected master or dbms", 0, ErrorCode.WrongOptionType),
        };
        var seconds = where.Int("time");
        if (seconds < 1) throw new CommandSyntaxException($"time must be at least 1 second, got {seconds}", 0, ErrorCode.WrongOptionType);
        var toFile = false;
        var toDbms = false;
        foreach (var dest in where.Strings("dest"))
        {
            switch (dest.ToLowerInvariant())
            {
                case "file": toFile = true; break;
                case "dbms": toDbms = true; break;
                default: throw new CommandSyntaxException($"dest = '{dest}': expected file or dbms", 0, ErrorCode.WrongOptionType);
            }
        }
        if (!toFile)
            throw new CommandSyntaxException("dest must include file: the node reads its metadata from the ledger file (dest = file and dest = dbms)",
                0, ErrorCode.WrongOptionType);
        IpPort? master = source == SyncSource.Master ? where.Endpoint("connection") ?? MasterFromLedger(context.Node) : null;
        return new SyncOptions(source, TimeSpan.FromSeconds(seconds), master, toDbms);
    }

    /// <summary>The address of the master policy in the ledger, as <c>blockchain get master bring.ip_port</c> finds it.</summary>
    private static IpPort MasterFromLedger(Node node)
    {
        var masters = node.Services.Find<IMetadata>()?.GetPolicies("master") ?? [];
        return masters.Select(p => p.AddressFrom(node.ExternalIp)).FirstOrDefault(a => a is not null)
            ?? throw new CommandSyntaxException("missing connection = ip:port: the master to sync with (the ledger has no master policy to take it from)",
                0, ErrorCode.MissingOption);
    }
}
