using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Modules;
using EdgeNode.Core.Output;

namespace EdgeNode.Scheduling.Conditions;

/// <summary><c>set streaming condition</c>, <c>get streaming conditions</c>, <c>reset streaming condition(s)</c>.</summary>
internal static class ConditionCommands
{
    private static readonly OptionSchema SetSchema = new(
        new OptionSpec("dbms", OptionType.Str, "the database of the rows") { Required = true },
        new OptionSpec("table", OptionType.Str, "the table of the rows") { Required = true },
        new OptionSpec("limit", OptionType.Int, "run the command at most this many times (0 = no limit)") { Default = "0" });

    private static readonly OptionSchema GetSchema = new(
        new OptionSpec("dbms", OptionType.Str, "only this database"),
        new OptionSpec("table", OptionType.Str, "only this table"),
        new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    private static readonly OptionSchema ResetSchema = new(
        new OptionSpec("dbms", OptionType.Str, "the database"),
        new OptionSpec("table", OptionType.Str, "the table (needs dbms)"),
        new OptionSpec("id", OptionType.Int, "the condition's id as 'get streaming conditions' shows it (needs dbms and table)") { Repeatable = true });

    public static void Register(Node node, StreamingConditions conditions)
    {
        node.AddCommand(new CommandSpec("set streaming condition", "Test each ingested row of a table and run a command when a condition holds.",
            context => Set(context, conditions))
        {
            Usage = "set streaming condition where dbms = [dbms] and table = [table] [and limit = N] if [condition] then [command]",
            Explanation = "[column] in the condition is the row's value; == != < <= > >= contains startswith endswith, and/or/not, " +
                          "parentheses. The command (e.g. 'email to ...', 'sms to ...', 'rest post ...') runs in the background, at most " +
                          "'limit' times; 'then ignore entry' drops the row instead.",
            Examples =
            [
                "set streaming condition where dbms = test and table = rand_data if [value] > 10 then email to ops@example.com where subject = \"value above 10\"",
                "set streaming condition where dbms = test and table = rand_data and limit = 3 if [value] > 100 then sms to 6505551234 where gateway = tmomail.net",
                "set streaming condition where dbms = test and table = rand_data if [value] < 0 then ignore entry",
            ],
            RawArguments = true,
            Topics = ["streaming", "alerts"],
        });
        node.AddCommand(new CommandSpec("get streaming conditions", "List the streaming conditions: DBMS, Table, ID, Condition.",
            context => Get(context, conditions))
        {
            Usage = "get streaming conditions [where dbms = [dbms] and table = [table]] [and format = json]",
            Examples = ["get streaming conditions", "get streaming conditions where dbms = test and table = rand_data"],
            Where = GetSchema,
            Http = HttpRule.Get,
            Topics = ["streaming", "alerts"],
        });
        foreach (var words in new[] { "reset streaming condition", "reset streaming conditions" })
        {
            node.AddCommand(new CommandSpec(words, "Remove streaming conditions: all, a database's, a table's, or some by id.",
                context => Reset(context, conditions))
            {
                Usage = $"{words} [where dbms = [dbms] [and table = [table] [and id = N and id = M ...]]]",
                Examples = [words, $"{words} where dbms = test and table = rand_data and id = 2"],
                Where = ResetSchema,
                Topics = ["streaming", "alerts"],
            });
        }
    }

    private static ValueTask<CommandResult> Set(CommandContext context, StreamingConditions conditions)
    {
        var args = context.Arguments;
        var ifAt = -1;
        for (var i = 0; i < args.Count && ifAt < 0; i++)
            if (args[i].IsWord("if")) ifAt = i;
        if (args.Count == 0 || !args[0].IsWord("where"))
            return CommandHelpers.Fail(ErrorCode.CommandStructure, "Missing 'where' in 'set streaming condition' command");
        if (ifAt < 0) return CommandHelpers.Fail(ErrorCode.CommandStructure, "Missing 'if' in 'set streaming condition' command");
        var options = args.Skip(1).Take(ifAt - 1).Select(t => context.Node.Variables.Substitute(t)).ToList();
        var bound = SetSchema.Bind(WhereClause.Parse(options));
        var error = conditions.Add(bound.Required("dbms").ToLowerInvariant(), bound.Required("table").ToLowerInvariant(),
            args.Skip(ifAt).ToList(), Math.Max(0, bound.Int("limit")));
        return error is null ? CommandHelpers.Done(CommandResult.Empty) : CommandHelpers.Fail(ErrorCode.DuplicateEntry, error);
    }

    private static ValueTask<CommandResult> Get(CommandContext context, StreamingConditions conditions)
    {
        var options = context.BindWhere();
        var dbms = options.Str("dbms")?.ToLowerInvariant();
        var table = options.Str("table")?.ToLowerInvariant();
        var rows = new List<IReadOnlyList<object?>>();
        var json = new System.Text.Json.Nodes.JsonArray();
        var selected = conditions.Tables.Where(t => (dbms is null || t.Dbms == dbms) && (table is null || t.Table == table)).ToList();
        if (dbms is not null && selected.Count == 0)
            rows.Add([dbms, table ?? "", "", table is null ? "No Conditions" : "No conditions assigned to the table"]);
        foreach (var entry in selected)
        {
            for (var i = 0; i < entry.Conditions.Length; i++)
            {
                var condition = entry.Conditions[i];
                rows.Add([i == 0 ? entry.Dbms : "", i == 0 ? entry.Table : "", i + 1, condition.Text]);
                json.Add((System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["dbms"] = entry.Dbms, ["table"] = entry.Table, ["id"] = i + 1, ["condition"] = condition.Text,
                    ["limit"] = condition.Limit, ["executed"] = condition.Executed,
                });
            }
        }
        if (options.Str("format", "table").Equals("json", StringComparison.OrdinalIgnoreCase))
            return CommandHelpers.Done(CommandResult.Json(PyJson.Serialize(json)));
        return CommandHelpers.Done(TableFormatter.Format(["DBMS", "Table", "ID", "Condition"], rows));
    }

    private static ValueTask<CommandResult> Reset(CommandContext context, StreamingConditions conditions)
    {
        var options = context.BindWhere();
        var dbms = options.Str("dbms")?.ToLowerInvariant();
        var table = options.Str("table")?.ToLowerInvariant();
        var ids = options.All("id").Select(Convert.ToInt64).ToList();
        if ((table is not null && dbms is null) || (ids.Count > 0 && table is null))
            return CommandHelpers.Fail(ErrorCode.MissingOption, "'table' needs 'dbms', and 'id' needs 'dbms' and 'table'");
        var removed = conditions.Remove(dbms, table, ids);
        if (removed == 0 && dbms is not null)
            return CommandHelpers.Fail(ErrorCode.TableNotFound,
                table is null ? $"No conditions for DBMS: '{dbms}'" : $"No conditions for DBMS '{dbms}' and Table: '{table}'");
        return CommandHelpers.Done(CommandResult.Empty);
    }
}
