using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;
using EdgeNode.Metadata.Ledger;
using EdgeNode.Metadata.Policies;
using EdgeNode.Metadata.Query;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// Commands that read the ledger: <c>blockchain get</c>, <c>blockchain read</c>, <c>from !var bring</c>,
/// <c>blockchain wait</c>, <c>blockchain test</c>, <c>blockchain load|reload|query metadata</c>, <c>get metadata version</c>.
/// </summary>
internal sealed class BlockchainQueryCommands(MetadataService service)
{
    private const string BringHelp =
        "bring [type][attr] \"literal\" ... separator = [text]; variants bring.first|recent|unique|json|list|table|" +
        "table.sort(i,..)|count|null|ip_port|min|max|children|parents|paths|extend (combine with dots: bring.unique.json)";

    public void Register(Node node)
    {
        node.AddCommand(new CommandSpec("blockchain get", "Find policies in the ledger and print them, or the values 'bring' pulls from them.", Get)
        {
            Usage = "blockchain get [policy type | (type1, type2) | *] [where [key] = [value] and ... | where [attr] == value or (...)] [bring ...]",
            Explanation = "Reads the ledger in memory. Conditions: key = value (several 'and'), value lists '(a, b)', " +
                          "comparisons == != < <= > >= contains, 'or', 'not', parentheses; keys [attr], [type][attr], attr[sub] " +
                          "(a list attribute matches when any entry does). Without 'bring' prints the policies as a JSON list. " + BringHelp,
            Examples =
            [
                "blockchain get operator",
                "blockchain get (operator, query) where company = anylog bring.table [operator][name] [operator][ip]",
                "blockchain get operator where company = acme bring [operator][ip] : [operator][port] separator = ,",
                "blockchain get cluster where table[dbms] = lsl_demo and table[name] = ping_sensor bring [cluster][id] separator = ,",
                "blockchain get * where [name] == op1 or ([port] > 32000 and [company] == acme) bring.json [*][name]",
                "blockchain get operator bring.ip_port",
                "blockchain get table where dbms = lsl_demo bring.table.sort(0) [table][name] [table][dbms]",
            ],
            Http = HttpRule.Get,
            Topics = ["blockchain", "metadata"],
        });
        node.AddCommand(new CommandSpec("blockchain read", "Like 'blockchain get', but reads the ledger file on disk instead of memory.", Read)
        {
            Usage = "blockchain read [policy type | *] [where ...] [bring ...]",
            Examples = ["blockchain read", "blockchain read operator where company = acme bring.count"],
            Http = HttpRule.Get,
            Topics = ["blockchain"],
        });
        node.AddCommand(new CommandSpec("from", "Apply 'bring' to policies held in a variable (a JSON policy or list).", From)
        {
            Usage = "from [!variable] bring ...",
            Explanation = BringHelp,
            Examples = ["from !operators bring [operator][ip] : [operator][port] separator = ,", "from !policy bring.json [*][name]"],
            Http = HttpRule.Any,
            Topics = ["blockchain", "json"],
        });
        node.AddCommand(new CommandSpec("blockchain wait", "Wait until a policy is in the local ledger (after a sync), at most 'timeout'.", Wait)
        {
            Usage = "blockchain wait where [id = [policy id] | policy = [policy] | type = [type] and [attr] = [value] ...] [and timeout = [N seconds]]",
            Explanation = "Returns as soon as a matching policy is in the ledger, error 12 (timeout) otherwise. The limit is "
                          + "'timeout' (or 'time'): a number of seconds or a time such as '2 minutes'; default 30 seconds. "
                          + "'timeout' and 'time' set the limit, they are never matched as policy attributes.",
            Examples = ["blockchain wait where id = 64283dba96954ad50e4f9b2e6e5bd0a5 and timeout = 10",
                "blockchain wait where id = 64283dba96954ad50e4f9b2e6e5bd0a5 and time = 10 seconds",
                "blockchain wait where policy = !policy", "blockchain wait where type = operator and name = op1 and time = 1 minute"],
            Topics = ["blockchain"],
        });
        Simple(node, "blockchain test", "Check the ledger file: every line a policy, deletions, torn last line.", Test,
            ["blockchain test"], HttpRule.Get);
        Simple(node, "blockchain load metadata", "Re-read the ledger file and rebuild the metadata layer.", Load, ["blockchain load metadata"]);
        Simple(node, "blockchain reload metadata", "Same as 'blockchain load metadata'.", Load, ["blockchain reload metadata"]);
        Simple(node, "blockchain query metadata", "Show the metadata layer: company, dbms, table, clusters and operators.", QueryMetadata,
            ["blockchain query metadata"], HttpRule.Get);
        Simple(node, "get metadata version", "Show the ledger version: the md5 of the ledger file.", Version, ["get metadata version"], HttpRule.Get);
    }

    private static void Simple(Node node, string words, string summary, CommandHandler handler, string[] examples, HttpRule http = HttpRule.Post) =>
        node.AddCommand(new CommandSpec(words, summary, handler) { Examples = examples, Http = http, Topics = ["blockchain", "metadata"] });

    private ValueTask<CommandResult> Get(CommandContext context)
    {
        var query = PolicyQuery.Parse(context.Tokens, context.ArgumentStart, "blockchain get");
        var input = service.Store.Read(state => BringFormatter.Expand(query.Bring, query.Select(state), state));
        // 'x = blockchain get ...' that matches nothing leaves x empty, as in EdgeLake: 'if not !x' then holds
        if (input.Policies.Count == 0 && context.Assignment != AssignmentKind.None && query.Bring?.Has("count") != true)
            return Done(CommandResult.Empty);
        return Done(BringFormatter.Format(query.Bring, input, context.Node.ExternalIp));
    }

    private ValueTask<CommandResult> Read(CommandContext context)
    {
        var load = LedgerFile.Read(service.FilePath);
        if (!load.FileExists) return Done(CommandResult.Error(ErrorCode.FileNotFound, $"ledger file '{service.FilePath}' does not exist"));
        if (context.Arguments.Count == 0) return Done(BringFormatter.Policies(load.Policies));
        var query = PolicyQuery.Parse(context.Tokens, context.ArgumentStart, "blockchain read");
        var state = new LedgerState(load.Policies);
        var input = BringFormatter.Expand(query.Bring, query.Select(state), state);
        return Done(BringFormatter.Format(query.Bring, input, context.Node.ExternalIp));
    }

    private ValueTask<CommandResult> From(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count < 2 || !BringSpec.IsBringWord(args[1]))
            return Done(CommandResult.Error(ErrorCode.CommandStructure, "expected 'from [!variable] bring ...'", args.Count > 0 ? args[0].Position : -1));
        var source = args[0];
        if (source.Text.StartsWith('!'))
            return Done(CommandResult.Error(ErrorCode.UndefinedVariable, $"variable '{source.Text}' is not declared", source.Position));
        if (!PolicyJson.TryParse(Encoding.UTF8.GetBytes(source.Text), out var node, out var error))
            return Done(CommandResult.Error(ErrorCode.JsonError, $"'from' expects a JSON policy or list of policies: {error}", source.Position));
        var policies = new List<Policy>();
        foreach (var item in node is JsonArray array ? array.ToList() : [node])
        {
            if (item is not JsonObject obj) continue;
            // an object of several sections ('get connections where format = json') is read section by section, as EdgeLake
            // reads [Messaging][external] from it
            foreach (var section in obj.Count == 1 ? [obj] : obj.Select(kv => new JsonObject { [kv.Key] = kv.Value?.DeepClone() }))
                if (MetadataService.ToPolicy(section, out _) is { } policy) policies.Add(policy);
        }
        var bring = BringSpec.Parse(context.Tokens, context.ArgumentStart + 1, context.Tokens.Length);
        var input = service.Store.Read(state => BringFormatter.Expand(bring, policies, state));
        return Done(BringFormatter.Format(bring, input, context.Node.ExternalIp));
    }

    private async ValueTask<CommandResult> Wait(CommandContext context)
    {
        var where = context.WhereIndex;
        if (where < 0) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'blockchain wait where ...'");
        var clause = WhereClause.Parse(context.Tokens, context.ArgumentStart + where + 1);
        long seconds = 30;
        string? limit = null; // 'timeout' (EdgeLake's word) or 'time': never a policy attribute to match
        string? id = null;
        string? type = null;
        var attributes = new List<(string Key, string Value)>();
        foreach (var (key, value) in clause.Pairs)
        {
            switch (key)
            {
                case "timeout" or "time":
                    if (limit is not null)
                        return CommandResult.Error(ErrorCode.WrongOption, $"the time limit is given twice ('{limit}' and '{key}')", value.Position);
                    limit = key;
                    if (!ValueParsers.TryParseSeconds(value.Text, out seconds))
                        return CommandResult.Error(ErrorCode.WrongOptionType,
                            $"option '{key}' expects a time such as '30 seconds', got '{value.Text}'", value.Position);
                    break;
                case "id":
                    id = value.Text;
                    break;
                case "policy":
                    id = PolicyIds.IdOf(PolicyArguments.Parse(value.Text, "option 'policy'", value.Position));
                    break;
                case "type":
                    type = value.Text;
                    break;
                default:
                    attributes.Add((key, value.Text));
                    break;
            }
        }
        if (id is null && type is null && attributes.Count == 0)
            return CommandResult.Error(ErrorCode.MissingOption, "blockchain wait needs id, policy, type or attribute conditions");
        bool Found() => service.Store.Read(state =>
        {
            if (id is not null && state.Find(id) is not { } byId) return false;
            var candidates = id is not null ? [state.Find(id)!] : type is not null ? state.OfType(type) : state.All;
            return candidates.Any(p => (type is null || p.Type == type)
                                       && attributes.TrueForAll(a => p.Text(a.Key) is { } v && Comparison.AreEqual(v, a.Value)));
        });
        using var signal = new SemaphoreSlim(0);
        void OnChanged(object? sender, EventArgs e) => signal.Release();
        service.Changed += OnChanged;
        try
        {
            var time = context.Node.Time;
            var deadline = time.GetUtcNow().AddSeconds(seconds);
            while (true)
            {
                if (Found()) return CommandResult.Empty;
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                    return CommandResult.Error(ErrorCode.Timeout, $"no matching policy in the ledger after {seconds} seconds");
                // the ledger file may also be replaced by a sync in another process: poll once a second as well
                await signal.WaitAsync(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), context.Cancellation);
                service.Store.ReloadIfChangedOnDisk();
            }
        }
        finally
        {
            service.Changed -= OnChanged;
        }
    }

    private ValueTask<CommandResult> Test(CommandContext context)
    {
        var path = service.FilePath;
        var load = LedgerFile.Read(path);
        if (!load.FileExists) return Done(CommandResult.Error(ErrorCode.FileNotFound, $"ledger file '{path}' does not exist"));
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "File", path },
            new object?[] { "Version", LedgerFile.Md5(path) },
            new object?[] { "Policies", load.Policies.Count },
            new object?[] { "Deleted", load.DeletedMarkers },
            new object?[] { "Repeated ids", load.Duplicates },
            new object?[] { "Invalid lines", load.InvalidLines.Count },
            new object?[] { "Torn last line", load.TornTail is null ? "no" : $"yes ({load.TornTail.Length} bytes)" },
        };
        foreach (var (line, reason) in load.InvalidLines.Take(20)) rows.Add(new object?[] { $"Line {line}", reason });
        var table = TableFormatter.Format(["Ledger", "Value"], rows);
        return Done(load.IsClean ? CommandResult.Ok(table) : CommandResult.Error(ErrorCode.JsonError, load.Describe(path) + "\n" + table));
    }

    /// <summary>Reloads and tells what it read; quietly in a script, as EdgeLake's deployment scripts reload after each policy.</summary>
    private ValueTask<CommandResult> Load(CommandContext context)
    {
        var summary = service.Store.Reload().Describe(service.FilePath);
        if (context.Source != CommandSource.Script) return Done(CommandResult.Ok(summary));
        context.Node.Log.Event(summary);
        return Done(CommandResult.Empty);
    }

    private ValueTask<CommandResult> QueryMetadata(CommandContext context)
    {
        var layer = service.Store.Layer;
        var builder = new StringBuilder();
        foreach (var company in layer.Tables.Keys.GroupBy(k => k.Company, StringComparer.OrdinalIgnoreCase))
        {
            builder.Append("Company: ").Append(company.Key).Append('\n');
            foreach (var dbms in company.GroupBy(k => k.Dbms, StringComparer.OrdinalIgnoreCase))
            {
                builder.Append("  DBMS: ").Append(dbms.Key).Append('\n');
                foreach (var table in dbms)
                {
                    builder.Append("    Table: ").Append(table.Table).Append('\n');
                    foreach (var cluster in layer.Tables[table])
                    {
                        builder.Append("      Cluster: ").Append(cluster.Id).Append(" (").Append(cluster.Name).Append(", ")
                            .Append(cluster.Status).Append(")\n");
                        foreach (var op in cluster.Operators)
                            builder.Append("        Operator: ").Append(op.Name).Append(' ').Append(op.ExternalIpPort)
                                .Append(op.LocalIpPort is { } local ? " local " + local : "")
                                .Append(op.MemberId is { } member ? $" member {member}" : "")
                                .Append(op.IsMain ? " main" : "")
                                .Append(' ').Append(StatusText(service.StatusOf(op))).Append('\n');
                    }
                }
            }
        }
        return Done(builder.Length == 0 ? "No tables are assigned to clusters in the ledger" : builder.ToString());
    }

    public static string StatusText(OperatorStatus status) => status == OperatorStatus.Active ? "active" : "not_responding";

    private ValueTask<CommandResult> Version(CommandContext context) => Done(service.Version);

    private static ValueTask<CommandResult> Done(CommandResult result) => ValueTask.FromResult(result);

    private static ValueTask<CommandResult> Done(string text) => ValueTask.FromResult(CommandResult.Ok(text));
}
