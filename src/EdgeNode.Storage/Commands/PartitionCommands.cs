using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Partitions;
using static EdgeNode.Storage.Commands.StorageCommandSupport;

namespace EdgeNode.Storage.Commands;

/// <summary><c>partition</c>, <c>get partitions</c>, <c>drop partition</c> (SPEC §5 Partitions).</summary>
internal static class PartitionCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("partition", "Partition a table (or every table: *) by time intervals of a column.", Partition)
        {
            Usage = "partition [dbms name] [table name|*] using [column name] by [N] [second|minute|hour|day|week|month|year]",
            Explanation = "Rows then go to tables par_[table]_[interval start]_[unit letter][NN]_[column], created on demand with the table's " +
                          "schema and indexes. Queries on the table read all its partitions. Old partitions are removed with 'drop partition'.",
            Examples = ["partition test * using insert_timestamp by 14 days", "partition test rand_data using timestamp by 1 hour"],
            Topics = ["dbms", "partitions"],
        });
        node.AddCommand(new CommandSpec("get partitions", "Show the partition declarations, and the partitions of a table.", GetPartitions)
        {
            Usage = "get partitions [where dbms = [dbms name] and table = [table name]] [and format = json]",
            Examples = ["get partitions", "get partitions where dbms = test and table = rand_data", "get partitions where format = json"],
            Where = new OptionSchema(new OptionSpec("dbms", OptionType.Str, "logical DBMS name"), new OptionSpec("table", OptionType.Str, "table name"),
                Format),
            Http = HttpRule.Get,
            Topics = ["dbms", "partitions"],
        });
        node.AddCommand(new CommandSpec("drop partition", "Drop old partitions of a table; the newest (active) one is never dropped.", DropPartition)
        {
            Usage = "drop partition [partition name] where dbms = [dbms name] and table = [table name|*] [and keep = N]",
            Explanation = "With keep = N, all but the newest N partitions are dropped; without it, the oldest partition; with a name, that one.",
            Examples = ["drop partition where dbms = test and table = rand_data and keep = 3", "drop partition where dbms = test and table = *",
                "drop partition par_rand_data_2026_11_01_d14_insert_timestamp where dbms = test and table = rand_data"],
            Where = new OptionSchema(new OptionSpec("dbms", OptionType.Str, "logical DBMS name") { Required = true },
                new OptionSpec("table", OptionType.Str, "table name, or * for every table") { Required = true },
                new OptionSpec("keep", OptionType.Int, "partitions to keep")),
            Topics = ["dbms", "partitions"],
        });
    }

    private static ValueTask<CommandResult> Partition(CommandContext context) => Run(async () =>
    {
        // 'by !partition_interval' holds "14 days": the interval and its unit arrive as one word
        var words = context.Arguments.SelectMany(t => t.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        const string usage = "partition [dbms] [table|*] using [column] by [N] [unit]";
        if (words.Length is < 6 or > 7 || !words[2].Equals("using", StringComparison.OrdinalIgnoreCase)
                                       || !words[4].Equals("by", StringComparison.OrdinalIgnoreCase))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {usage}");
        var count = 1L;
        if (words.Length == 7 && (!ValueParsers.TryParseInt(words[5], out count) || count is < 1 or > 99))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"interval '{words[5]}' must be a number from 1 to 99");
        if (!PartitionCalendar.TryParseUnit(words[^1], out var unit))
            return CommandResult.Error(ErrorCode.WrongOptionType, $"unit '{words[^1]}' must be second, minute, hour, day, week, month or year");
        var dbms = Require(context.Node, words[0]);
        var table = words[1].ToLowerInvariant();
        var column = words[3].ToLowerInvariant();
        if (table != "*" && await dbms.GetSchemaAsync(table, context.Cancellation) is { } schema)
        {
            var target = schema.Find(column);
            if (target is null)
                return CommandResult.Error(ErrorCode.WrongOption, $"table '{table}' has no column '{column}'");
            if (target.Type is not (ColumnType.Timestamp or ColumnType.Date))
                return CommandResult.Error(ErrorCode.WrongOptionType, $"column '{column}' of '{table}' is {target.DeclaredType}: partitions need a timestamp or date column");
        }
        dbms.SetPartitioning(new PartitionDefinition(table, column, (int)count, unit));
        return CommandResult.Ok($"Partition of {dbms.Name}.{table} by {count} {PartitionCalendar.Plural(unit)} using {column} declared");
    });

    private static ValueTask<CommandResult> GetPartitions(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var dbmsName = options.Str("dbms");
        var table = options.Str("table")?.ToLowerInvariant();
        var selected = dbmsName is null ? Registry(context.Node).Connected.Cast<Dbms>().ToList() : [Require(context.Node, dbmsName)];
        var json = new JsonObject();
        // CRLF as EdgeLake's reply (reference get_partitions.txt)
        var text = new StringBuilder("\r\n");
        foreach (var dbms in selected)
        {
            foreach (var definition in dbms.Partitioning.Where(d => table is null || d.Table == "*" || d.Table == table))
            {
                var key = $"{dbms.Name}.{definition.Table}";
                json[key] = new JsonObject
                {
                    ["count"] = definition.Count, ["unit"] = PartitionCalendar.Plural(definition.Unit), ["column"] = definition.Column,
                };
                text.Append(CultureInfo.InvariantCulture,
                    $"{key} : ({definition.Count}, {PythonFormat.StringRepr(PartitionCalendar.Plural(definition.Unit))}, {PythonFormat.StringRepr(definition.Column)})\r\n");
            }
            if (table is null) continue;
            var partitions = await dbms.ListPartitionsAsync(table, context.Cancellation);
            json[$"{dbms.Name}.{table}.partitions"] = new JsonArray(partitions.Select(p => (JsonNode)p).ToArray());
            foreach (var partition in partitions) text.Append("    ").Append(partition).Append("\r\n");
        }
        if (IsJson(options)) return CommandResult.Json(PyJson.Serialize(json));
        return CommandResult.Ok(json.Count == 0 ? "No partitions declared" : text.ToString().TrimEnd('\r', '\n'));
    });

    private static ValueTask<CommandResult> DropPartition(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var dbms = Require(context.Node, options.Required("dbms"));
        var table = options.Required("table").ToLowerInvariant();
        var named = context.Positional.Count > 0 ? context.Positional[0].Text.ToLowerInvariant() : null;
        var tables = table == "*"
            ? (await dbms.ListTablesAsync(context.Cancellation)).Select(t => PartitionName.TryParse(t, out var p) ? p.Table : null)
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [table];
        var dropped = new List<string>();
        foreach (var logical in tables)
        {
            var partitions = await dbms.ListPartitionsAsync(logical, context.Cancellation);
            if (named is not null)
            {
                if (!partitions.Contains(named, StringComparer.Ordinal)) continue;
                if (partitions[^1] == named)
                    return CommandResult.Error(ErrorCode.ProcessFailure, $"'{named}' is the active partition of '{logical}' and is not dropped");
                await dbms.ExecuteAsync($"DROP TABLE IF EXISTS {dbms.Dialect.QuoteIdentifier(named)}", null, context.Cancellation);
                dropped.Add(named);
                continue;
            }
            var keep = options.Has("keep") ? (int)Math.Clamp(options.Int("keep"), 0, int.MaxValue) : partitions.Count - 1;
            dropped.AddRange(await dbms.DropPartitionsAsync(logical, keep, context.Cancellation));
        }
        if (named is not null && dropped.Count == 0)
            return CommandResult.Error(ErrorCode.TableNotFound, $"'{named}' is not a partition of '{table}' in DBMS '{dbms.Name}'");
        return CommandResult.Ok(dropped.Count == 0
            ? "No partition dropped"
            : $"Dropped {dropped.Count} partition(s): {string.Join(", ", dropped)}");
    });
}
