using System.Globalization;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;
using EdgeNode.Metadata.Ledger;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// The master's ledger table (SPEC §2 DB form) through <see cref="ILedgerTable"/>: <c>blockchain create table</c>,
/// <c>blockchain push</c> (what a master runs for each policy a node publishes), <c>blockchain pull to json|sql|stdout</c>,
/// <c>blockchain update dbms</c>. Without a connected <c>blockchain</c> database they answer error 21.
/// </summary>
internal sealed class LedgerTableCommands(MetadataService service)
{
    public void Register(Node node)
    {
        Add(node, "blockchain create table", "Create the ledger table in the database connected as 'blockchain' (master node).",
            CreateTable, "blockchain create table", ["blockchain create table"]);
        Add(node, "blockchain push", "Store a policy in the ledger table (what a master does with the policies nodes publish). " +
            "A policy already there is kept ('ignore' is accepted, as EdgeLake nodes send it). A node that sent the policy gets an answer " +
            "only on failure, or when it asked for a confirmation (EdgeNode nodes do).",
            Push, "blockchain push [ignore] [policy]", ["blockchain push !policy", "blockchain push ignore !policy"]);
        Add(node, "blockchain pull to", "Export the ledger table: a ledger file (json), SQL inserts (sql), or the screen (stdout).",
            Pull, "blockchain pull to [json | sql | stdout] [output file]",
            ["blockchain pull to json", "blockchain pull to sql !blockchain_sql", "blockchain pull to stdout"]);
        Add(node, "blockchain update dbms", "Load the policies of a ledger file into the ledger table (those already there are kept).",
            UpdateDbms, "blockchain update dbms [ledger file]", ["blockchain update dbms !blockchain_file"]);
    }

    private static void Add(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples) =>
        node.AddCommand(new CommandSpec(words, summary, handler) { Usage = usage, Examples = examples, Topics = ["blockchain", "dbms"] });

    /// <summary>The connected ledger table, or the error a user sees when there is none.</summary>
    private static ILedgerTable? Table(CommandContext context, out CommandResult error)
    {
        error = CommandResult.Empty;
        if (context.Node.Services.Find<ILedgerTable>() is { IsConnected: true } table) return table;
        error = CommandResult.Error(ErrorCode.DbmsNotConnected,
            "the ledger table needs a database: connect dbms blockchain first (e.g. 'connect dbms blockchain where type = sqlite')");
        return null;
    }

    private static async ValueTask<CommandResult> CreateTable(CommandContext context)
    {
        if (Table(context, out var error) is not { } table) return error;
        await table.CreateAsync(context.Cancellation);
        return CommandResult.Empty;
    }

    private async ValueTask<CommandResult> Push(CommandContext context)
    {
        // 'ignore' (EdgeLake's duplicate-tolerant push) changes nothing here: a policy already in the table is never an error
        var first = context.Arguments.Count > 1 && context.Arguments[0].IsWord("ignore") ? 1 : 0;
        if (context.Arguments.Count <= first) return CommandResult.Error(ErrorCode.CommandStructure, "missing policy: blockchain push [ignore] [policy]");
        if (Table(context, out var error) is not { } table) return error;
        var json = PolicyArguments.Parse(PolicyArguments.Text(context, first, context.Arguments.Count), "the policy", context.Arguments[first].Position);
        var policy = MetadataService.ToPolicy(json, out _)!;
        PolicyIds.AddIdAndDate(policy.Body, policy.Type, service.UtcNow);
        // the host is the node that pushed the policy (EdgeLake's ledger rows); typed here, a node policy names its own ip
        var host = PeerOrigin.Current?.ReplyAddress.Host
                   ?? (NodeTypes.IsNode(policy.Type) && policy.Text("ip") is { } ip ? ip : context.Node.ExternalIp);
        var inserted = await table.InsertAsync(LedgerRow.From(policy, host), context.Cancellation);
        // a node that published the policy hears back only on failure, unless it asked for a confirmation (EdgeLake's way)
        if (PeerOrigin.Current is { ConfirmationAsked: false } origin) origin.MarkReplied();
        return inserted ? CommandResult.Empty : CommandResult.Ok($"policy {policy.Id} is already in the ledger table");
    }

    private async ValueTask<CommandResult> Pull(CommandContext context)
    {
        var args = context.Arguments;
        var kind = args.Count > 0 ? args[0].Text.ToLowerInvariant() : "";
        if (kind is not ("json" or "sql" or "stdout"))
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'blockchain pull to [json | sql | stdout] [output file]'",
                args.Count > 0 ? args[0].Position : -1);
        if (Table(context, out var error) is not { } table) return error;
        var rows = await table.ExportAsync(context.Cancellation);
        if (kind == "stdout") return CommandResult.Ok(string.Join('\n', rows.Select(r => r.Policy)));
        var dictionary = context.Node.Dictionary;
        var file = args.Count > 1 ? string.Join(' ', args.Skip(1).Select(t => t.Text))
            : kind == "json" ? dictionary.Get("blockchain_new") ?? service.FilePath + ".new"
            : dictionary.Get("blockchain_sql") ?? Path.ChangeExtension(service.FilePath, ".sql");
        var lines = kind == "json" ? rows.Select(r => r.Policy) : rows.Select(LedgerTableSql.InsertLiteral);
        LedgerFile.Rewrite(file, lines);
        return CommandResult.Ok(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} policies written to {file}"));
    }

    private async ValueTask<CommandResult> UpdateDbms(CommandContext context)
    {
        if (Table(context, out var error) is not { } table) return error;
        var file = context.Arguments.Count > 0 ? string.Join(' ', context.Arguments.Select(t => t.Text)) : service.FilePath;
        var load = LedgerFile.Read(file);
        if (!load.FileExists) return CommandResult.Error(ErrorCode.FileNotFound, $"ledger file '{file}' does not exist");
        var inserted = 0;
        foreach (var policy in load.Policies)
        {
            var host = policy.Text("ip") ?? context.Node.ExternalIp;
            if (await table.InsertAsync(LedgerRow.From(policy, host), context.Cancellation)) inserted++;
        }
        var report = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{inserted} policies added to the ledger table, {load.Policies.Count - inserted} already there"));
        if (!load.IsClean) report.Append("; ").Append(load.Describe(file));
        return CommandResult.Ok(report.ToString());
    }
}
