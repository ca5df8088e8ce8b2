using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Metadata.Ledger;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// Commands that write policies: <c>blockchain insert|add|prepare policy|get id|delete policy|drop policy|drop by host|replace policy</c>.
/// </summary>
internal sealed class BlockchainPolicyCommands(MetadataService service)
{
    private static readonly OptionSchema InsertSchema = new(
        new OptionSpec("policy", OptionType.Str, "the policy (JSON), usually !variable") { Required = true },
        new OptionSpec("local", OptionType.Bool, "write the policy to the local ledger file") { Default = "true" },
        new OptionSpec("master", OptionType.IpPort, "the master node that keeps the global ledger"),
        new OptionSpec("blockchain", OptionType.Str, "a blockchain platform (not supported: use a master)"));

    private static readonly OptionSchema DeleteSchema = new(
        new OptionSpec("id", OptionType.Str, "the policy id") { Required = true },
        new OptionSpec("local", OptionType.Bool, "delete from the local ledger file") { Default = "true" },
        new OptionSpec("master", OptionType.IpPort, "the master node: the policy is dropped from its ledger too"),
        new OptionSpec("blockchain", OptionType.Str, "a blockchain platform (not supported: use a master)"));

    private static readonly OptionSchema IdSchema = new(new OptionSpec("id", OptionType.Str, "the policy id") { Required = true });

    public void Register(Node node)
    {
        Add(node, "blockchain insert", "Add a policy to the ledger: the local file and/or the master node.", Insert,
            "blockchain insert where policy = [policy] and blockchain = [platform] and local = [true/false] and master = [IP:Port]",
            ["blockchain insert where policy = !policy and local = true and master = !master_node",
                "blockchain insert where policy = {\"cluster\": {\"company\": \"acme\", \"name\": \"c1\"}} and local = true"],
            InsertSchema,
            "Adds the id (md5 of the policy, as EdgeLake) and the date, validates and completes the policy, appends it to the " +
            "local ledger with \"ledger\": \"local\" and sends it to the master with 'blockchain push'. When the master cannot be " +
            "reached the policy stays local and waits in the pending list for the next sync.");
        Add(node, "blockchain add", "Append a policy to the local ledger file (no master).", AddPolicy,
            "blockchain add [policy]", ["blockchain add !policy", "blockchain add {\"tag\": {\"name\": \"t1\"}}"]);
        Add(node, "blockchain prepare policy", "Add the id and date to a policy and check it; a policy given as !variable is completed in " +
            "place, else the completed policy is printed.", Prepare,
            "blockchain prepare policy [policy]", ["blockchain prepare policy !policy", "new_policy = blockchain prepare policy !policy"]);
        Add(node, "blockchain get id", "Print the id of a policy: its own, or the md5 EdgeLake computes.", GetId,
            "blockchain get id [policy]", ["blockchain get id !policy"], http: HttpRule.Get);
        Add(node, "blockchain delete policy", "Delete a policy: a deletion marker in the local ledger, and a drop on the master.", Delete,
            "blockchain delete policy where id = [policy id] and master = [IP:Port] and local = [true/false]",
            ["blockchain delete policy where id = 64283dba96954ad50e4f9b2e6e5bd0a5", "blockchain delete policy where id = !id and master = !master_node"],
            DeleteSchema);
        Add(node, "blockchain drop policy", "Remove a policy from the local ledger file and the ledger table (master).", Drop,
            "blockchain drop policy [policy] | blockchain drop policy where id = [policy id]",
            ["blockchain drop policy where id = 64283dba96954ad50e4f9b2e6e5bd0a5", "blockchain drop policy !policy"]);
        Add(node, "blockchain drop by host", "Remove the policies of a host (by ip) from the local ledger and the ledger table.", DropByHost,
            "blockchain drop by host [ip]", ["blockchain drop by host 10.0.0.25"]);
        Add(node, "blockchain replace policy", "Replace a policy (same place in the ledger) by a new one.", Replace,
            "blockchain replace policy [policy id] with [new policy]",
            ["blockchain replace policy 64283dba96954ad50e4f9b2e6e5bd0a5 with !new_policy"]);
    }

    private static void Add(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples,
        OptionSchema? where = null, string? explanation = null, HttpRule http = HttpRule.Post) =>
        node.AddCommand(new CommandSpec(words, summary, handler)
        {
            Usage = usage, Examples = examples, Where = where, Explanation = explanation, Http = http, Topics = ["blockchain"],
        });

    private async ValueTask<CommandResult> Insert(CommandContext context)
    {
        var options = context.BindWhere();
        if (options.Str("blockchain") is { } platform)
            return CommandResult.Error(ErrorCode.NotSupported,
                $"blockchain platform '{platform}' is not supported; keep the ledger on a master node (master = ip:port)");
        var local = options.Bool("local", true);
        var master = options.Endpoint("master");
        if (!local && master is null)
            return CommandResult.Error(ErrorCode.MissingOption, "local = false needs master = ip:port: the policy would go nowhere");
        var policy = PolicyArguments.Parse(options.Required("policy"), "option 'policy'", PolicyPosition(context));
        var result = await service.InsertAsync(policy, local, master, context.Cancellation);
        if (!result.Ok) return CommandResult.Error(result.Code, result.Message);
        if (result.QueuedForMaster) context.Node.Log.Event(result.Message);
        return CommandResult.Ok(result.Message);
    }

    private static int PolicyPosition(CommandContext context)
    {
        for (var i = context.ArgumentStart; i + 2 < context.Tokens.Length; i++)
            if (context.Tokens[i].IsWord("policy") && context.Tokens[i + 1].IsOperator("=")) return context.Tokens[i + 2].Position;
        return -1;
    }

    private ValueTask<CommandResult> AddPolicy(CommandContext context)
    {
        if (context.Arguments.Count == 0) return Done(CommandResult.Error(ErrorCode.CommandStructure, "missing policy: blockchain add [policy]"));
        var json = PolicyArguments.Parse(PolicyArguments.Text(context, 0, context.Arguments.Count), "the policy", context.Arguments[0].Position);
        var policy = MetadataService.ToPolicy(json, out _)!;
        PolicyIds.AddIdAndDate(policy.Body, policy.Type, service.UtcNow);
        if (policy.Body["ledger"] is null) policy.Body["ledger"] = "local";
        var problem = service.Store.Append(policy, state => state.Contains(policy.Id)
            ? new PolicyProblem(ErrorCode.DuplicatePolicy, $"a policy with id '{policy.Id}' is already in the ledger")
            : null);
        return Done(problem is null ? CommandResult.Empty : CommandResult.Error(problem.Code, problem.Message));
    }

    private ValueTask<CommandResult> Prepare(CommandContext context)
    {
        if (context.Arguments.Count == 0) return Done(CommandResult.Error(ErrorCode.CommandStructure, "missing policy: blockchain prepare policy [policy]"));
        var json = PolicyArguments.Parse(PolicyArguments.Text(context, 0, context.Arguments.Count), "the policy", context.Arguments[0].Position);
        var policy = MetadataService.ToPolicy(json, out _)!;
        PolicyIds.AddIdAndDate(policy.Body, policy.Type, service.UtcNow);
        var problem = service.Store.Read(state =>
        {
            var copy = policy.Clone();
            PolicyRules.Complete(copy, service.Addresses);
            return PolicyRules.Validate(copy, state);
        });
        if (problem is not null) return Done(CommandResult.Error(problem.Code, problem.Message));
        // 'blockchain prepare policy !new_policy' completes the variable in place, as EdgeLake's deployment scripts expect
        if (context.Assignment == AssignmentKind.None && context.Arguments.Count == 1 && WrittenVariable(context) is { } variable)
        {
            context.Node.Dictionary.Set(variable, policy.ToJson());
            return Done(CommandResult.Empty);
        }
        return Done(CommandResult.Json(policy.ToJson()));
    }

    /// <summary>The name of the dictionary key the (single) argument was written as (<c>!name</c>), or null.</summary>
    private static string? WrittenVariable(CommandContext context)
    {
        var position = context.Arguments[0].Position;
        Token written;
        try
        {
            written = Tokenizer.Tokenize(context.Line).FirstOrDefault(t => t.Position == position);
        }
        catch (CommandSyntaxException)
        {
            return null;
        }
        return written.Text is { Length: > 1 } text && text[0] == '!' && Core.Variables.VariableReference.TryParse(text, 0, out var reference)
               && reference.Length == text.Length && reference.Type == Core.Variables.ValueType.None
            ? reference.Name
            : null;
    }

    private static ValueTask<CommandResult> GetId(CommandContext context)
    {
        if (context.Arguments.Count == 0) return Done(CommandResult.Error(ErrorCode.CommandStructure, "missing policy: blockchain get id [policy]"));
        var json = PolicyArguments.Parse(PolicyArguments.Text(context, 0, context.Arguments.Count), "the policy", context.Arguments[0].Position);
        return Done(CommandResult.Ok(PolicyIds.IdOf(json)));
    }

    private async ValueTask<CommandResult> Delete(CommandContext context)
    {
        var options = context.BindWhere();
        if (options.Str("blockchain") is { } platform)
            return CommandResult.Error(ErrorCode.NotSupported, $"blockchain platform '{platform}' is not supported");
        var id = options.Required("id");
        var master = options.Endpoint("master");
        var (deleted, sent) = await service.DeleteAsync(id, options.Bool("local", true), master, context.Cancellation);
        if (!deleted && master is null) return CommandResult.Error(ErrorCode.PolicyNotFound, $"no policy with id '{id}' in the local ledger");
        if (!sent) return CommandResult.Ok($"policy {id} {(deleted ? "deleted locally; " : "")}master {master} not reached, the drop is queued for the next sync");
        return CommandResult.Empty;
    }

    private async ValueTask<CommandResult> Drop(CommandContext context)
    {
        string id;
        if (context.WhereIndex == 0) id = context.BindWhere(IdSchema).Required("id");
        else if (context.Arguments.Count == 1 && !context.Arguments[0].Text.TrimStart().StartsWith('{')) id = context.Arguments[0].Text;
        else if (context.Arguments.Count > 0)
            id = PolicyIds.IdOf(PolicyArguments.Parse(PolicyArguments.Text(context, 0, context.Arguments.Count), "the policy", context.Arguments[0].Position));
        else return CommandResult.Error(ErrorCode.CommandStructure, "expected 'blockchain drop policy [policy]' or 'blockchain drop policy where id = [id]'");
        var removed = service.Store.RemoveWhere(p => p.Id == id).Count;
        var table = await TableRowsAsync(context, t => t.DeleteAsync(id, context.Cancellation));
        if (removed == 0 && table <= 0) return CommandResult.Error(ErrorCode.PolicyNotFound, $"no policy with id '{id}' in the ledger");
        return CommandResult.Empty;
    }

    private async ValueTask<CommandResult> DropByHost(CommandContext context)
    {
        if (context.Arguments.Count != 1) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'blockchain drop by host [ip]'");
        var host = context.Arguments[0].Text;
        var removed = service.Store.RemoveWhere(p => p.Text("ip") == host || p.Text("local_ip") == host).Count;
        var table = await TableRowsAsync(context, t => t.DeleteByHostAsync(host, context.Cancellation));
        var rows = table >= 0 ? string.Create(CultureInfo.InvariantCulture, $", {table} rows from the ledger table") : "";
        return CommandResult.Ok(string.Create(CultureInfo.InvariantCulture, $"{removed} policies of host {host} removed from the ledger file{rows}"));
    }

    private async ValueTask<CommandResult> Replace(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count < 3 || !args[1].IsWord("with"))
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'blockchain replace policy [policy id] with [new policy]'");
        var oldId = args[0].Text;
        var json = PolicyArguments.Parse(PolicyArguments.Text(context, 2, args.Count), "the new policy", args[2].Position);
        var policy = MetadataService.ToPolicy(json, out _)!;
        PolicyIds.AddIdAndDate(policy.Body, policy.Type, service.UtcNow);
        if (policy.Body["ledger"] is null) policy.Body["ledger"] = "local";
        var problem = service.Store.Replace(oldId, policy, state => policy.Id != oldId && state.Contains(policy.Id)
            ? new PolicyProblem(ErrorCode.DuplicatePolicy, $"the new policy's id '{policy.Id}' is already in the ledger")
            : null);
        var table = await TableRowsAsync(context, async t =>
            await t.ReplaceAsync(oldId, LedgerRow.From(policy, context.Node.ExternalIp), context.Cancellation) ? 1 : 0);
        if (problem is not null && (problem.Code != ErrorCode.PolicyNotFound || table <= 0))
            return CommandResult.Error(problem.Code, problem.Message);
        return CommandResult.Empty;
    }

    /// <summary>Applies an operation to the ledger table when one is connected; -1 when there is none.</summary>
    private static async Task<int> TableRowsAsync(CommandContext context, Func<ILedgerTable, Task<int>> operation) =>
        context.Node.Services.Find<ILedgerTable>() is { IsConnected: true } table ? await operation(table) : -1;

    private static ValueTask<CommandResult> Done(CommandResult result) => ValueTask.FromResult(result);
}
