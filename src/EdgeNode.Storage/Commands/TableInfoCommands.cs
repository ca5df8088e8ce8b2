using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Partitions;
using static EdgeNode.Storage.Commands.StorageCommandSupport;

namespace EdgeNode.Storage.Commands;

/// <summary><c>get tables</c>, <c>get columns</c>, <c>get table info</c>, <c>get rows count</c>, <c>info table ... exists</c>.</summary>
internal static class TableInfoCommands
{
    private static readonly OptionSpec Dbms = new("dbms", OptionType.Str, "logical DBMS name (* for all)") { Required = true };
    private static readonly OptionSpec Table = new("table", OptionType.Str, "table name") { Required = true };

    public static void Register(Node node)
    {
        Get(node, "get tables", "List the tables of a database: local tables (partitions included) and tables declared by policies.",
            Tables, "get tables where dbms = [dbms name|*] [and format = json]",
            ["get tables where dbms = test", "get tables where dbms = * and format = json"], new OptionSchema(Dbms, Format));
        Get(node, "get columns", "Show the columns of a table and their types, as its table policy declares them (any node: a query " +
            "node or a master that does not hold the table); the local table's when no policy declares it. 'sys_col = false' leaves " +
            "out the 4 system columns, 'type' keeps columns of the types named.", Columns,
            "get columns where dbms = [dbms name] and table = [table name] [and format = table|json|list|mcp] [and sys_col = false] [and type = [type]]",
            ["get columns where dbms = test and table = rand_data", "get columns where dbms = test and table = rand_data and format = json",
             "get columns where dbms = test and table = rand_data and sys_col = false and type = decimal"],
            new OptionSchema(Dbms, Table,
                new OptionSpec("format", OptionType.Str, "table, json, list (Grafana's column list) or mcp") { Default = "table" },
                new OptionSpec("sys_col", OptionType.Bool, "false leaves out the system columns (row_id, insert_timestamp, tsd_name, tsd_id)")
                    { Default = "true" },
                new OptionSpec("type", OptionType.Str, "keep only the columns of this type (repeatable)") { Repeatable = true }));
        Get(node, "get table info", "Show a table's columns (type, null, default, key) and its partitions with their rows.", TableInfo,
            "get table info where dbms = [dbms name] and table = [table name] [and format = json]",
            ["get table info where dbms = test and table = rand_data"], new OptionSchema(Dbms, Table, Format));
        Get(node, "get rows count", "Count the rows of the tables of a database (partitions summed into their table, or listed).", RowsCount,
            "get rows count where dbms = [dbms name] [and table = [table name]] [and group = table|partitions] [and format = json]",
            ["get rows count where dbms = test", "get rows count where dbms = test and table = rand_data and group = partitions"],
            new OptionSchema(Dbms, Table with { Required = false },
                new OptionSpec("group", OptionType.Str, "table (default): partitions summed; partitions: one line per physical table") { Default = "table" },
                Format));
        RegisterInfoTable(node);
    }

    private static void RegisterInfoTable(Node node) =>
        node.AddCommand(new CommandSpec("info table", "Show true when a table (or one of its partitions) exists in a connected database, else false.", InfoTable)
        {
            Usage = "info table [dbms name] [table name] exists",
            Examples = ["info table almgm tsd_info exists", "is_table = info table blockchain ledger exists"],
            Http = HttpRule.Get,
            Topics = ["dbms"],
        });

    private static ValueTask<CommandResult> InfoTable(CommandContext context) => Run(async () =>
    {
        var args = context.Arguments;
        if (args.Count != 3 || !args[2].IsWord("exists"))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected '{context.Spec.UsageText}'",
                args.Count > 0 ? args[Math.Min(args.Count, 3) - 1].Position : context.Tokens[0].Position);
        var dbms = Require(context.Node, args[0].Text);
        var tables = await dbms.PhysicalTablesAsync(args[1].Text, context.Cancellation);
        return CommandResult.Ok(tables.Count > 0 ? "true" : "false");
    });

    private static void Get(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples, OptionSchema where) =>
        node.AddCommand(new CommandSpec(words, summary, handler)
        {
            Usage = usage, Examples = examples, Where = where, Http = HttpRule.Get, Topics = ["dbms"],
        });

    private static IEnumerable<Dbms> Selected(Node node, string name) =>
        name == "*" ? Registry(node).Connected.Cast<Dbms>() : [Require(node, name)];

    private static ValueTask<CommandResult> Tables(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var policies = context.Node.Services.Find<ITablePolicySource>();
        var rows = new List<(string Dbms, string Table, bool Local, bool Policy)>();
        foreach (var dbms in Selected(context.Node, options.Required("dbms")))
        {
            var local = await dbms.ListTablesAsync(context.Cancellation);
            var declared = policies?.TablesWithPolicy(dbms.Name) ?? [];
            var all = local.Concat(declared.Select(t => t.ToLowerInvariant())).Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.Ordinal);
            foreach (var table in all)
                rows.Add((dbms.Name, table, local.Contains(table, StringComparer.OrdinalIgnoreCase), declared.Contains(table, StringComparer.OrdinalIgnoreCase)));
        }
        if (IsJson(options))
        {
            var json = new JsonObject();
            foreach (var group in rows.GroupBy(r => r.Dbms))
                json[group.Key] = new JsonArray(group.Select(r => (JsonNode)new JsonObject
                {
                    ["table"] = r.Table, ["local"] = r.Local, ["blockchain"] = r.Policy,
                }).ToArray());
            return CommandResult.Json(PyJson.Serialize(json));
        }
        string? previous = null;
        var lines = rows.Select(r =>
        {
            var dbmsCell = r.Dbms == previous ? "" : r.Dbms;
            previous = r.Dbms;
            return (IReadOnlyList<object?>)[dbmsCell, r.Table, r.Local ? " V" : " -", r.Policy ? " V" : " -"];
        }).ToList();
        return CommandResult.Ok(TableFormatter.Format(["Database", "Table name", "Local DBMS", "Blockchain"], lines));
    });

    private static async Task<(Dbms Dbms, string Table, TableSchema Schema)> SchemaOf(CommandContext context, BoundOptions options)
    {
        var dbms = Require(context.Node, options.Required("dbms"));
        var table = options.Required("table").ToLowerInvariant();
        var schema = await dbms.GetSchemaAsync(table, context.Cancellation);
        if (schema is null && (await dbms.ListPartitionsAsync(table, context.Cancellation)) is { Count: > 0 } partitions)
            schema = await dbms.GetSchemaAsync(partitions[^1], context.Cancellation);
        return (dbms, table, schema ?? throw new StorageException(ErrorCode.TableNotFound, $"table '{table}' does not exist in DBMS '{dbms.Name}'"));
    }

    /// <summary>System columns an operator adds in front of a table's own (EdgeLake's <c>sys_col = false</c> skips the first 4).</summary>
    private const int SystemColumns = 4;

    private static ValueTask<CommandResult> Columns(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var dbmsName = options.Required("dbms");
        var table = options.Required("table").ToLowerInvariant();
        var columns = PolicyColumns(context.Node, dbmsName, table) ?? await LocalColumns(context, options, table);
        var types = options.Strings("type");
        if (types.Count > 0) columns = columns.Skip(options.Bool("sys_col", true) ? 0 : SystemColumns).Where(c => types.Contains(c.Type)).ToList();
        else if (!options.Bool("sys_col", true)) columns = columns.Skip(SystemColumns).ToList();
        switch (options.Str("format", "table").ToLowerInvariant())
        {
            case "json":
                return CommandResult.Json(PyJson.Serialize(new JsonObject(columns.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)c.Type)))));
            case "list":
                return CommandResult.Json(PyJson.Serialize(new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["column"] = c.Name }).ToArray())));
            case "mcp":
                return CommandResult.Json(PyJson.Serialize(new JsonArray(columns.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name, ["type"] = c.Type,
                }).ToArray())));
            default:
                return CommandResult.Ok(TableFormatter.Format(["Column Name", "Column Type"],
                    columns.Select(c => (IReadOnlyList<object?>)[c.Name, c.Type]), $"Schema for DBMS: '{dbmsName}' and Table: '{table}'"));
        }
    });

    /// <summary>The columns a table policy declares, typed as EdgeLake shows them; null without a policy.</summary>
    private static List<(string Name, string Type)>? PolicyColumns(Node node, string dbms, string table) =>
        node.Services.Find<ITablePolicySource>()?.CreateStatement(dbms, table) is { } create && CreateStatementSchema.Parse(table, create) is { } schema
            ? schema.Columns.Select(c => (c.Name, CreateStatementSchema.PolicyTypeName(c.DeclaredType))).ToList()
            : null;

    private static async Task<List<(string Name, string Type)>> LocalColumns(CommandContext context, BoundOptions options, string table)
    {
        if (Registry(context.Node).Find(options.Required("dbms")) is null)
            throw new StorageException(ErrorCode.TableNotFound,
                $"no table policy declares {options.Required("dbms")}.{table} and the DBMS is not connected here");
        var (_, _, schema) = await SchemaOf(context, options);
        return schema.Columns.Select(c => (c.Name, c.DeclaredType)).ToList();
    }

    private static ValueTask<CommandResult> TableInfo(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var (dbms, table, schema) = await SchemaOf(context, options);
        var partitions = await dbms.ListPartitionsAsync(table, context.Cancellation);
        var counts = new List<(string Name, long Rows)>();
        foreach (var physical in await dbms.PhysicalTablesAsync(table, context.Cancellation))
            counts.Add((physical, await dbms.CountPhysicalAsync(physical, context.Cancellation)));
        var definition = dbms.PartitioningOf(table);
        if (IsJson(options))
        {
            var json = new JsonObject
            {
                ["dbms"] = dbms.Name,
                ["table"] = table,
                ["engine"] = dbms.Description.Type,
                ["columns"] = new JsonArray(schema.Columns.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name, ["type"] = c.DeclaredType, ["not_null"] = c.NotNull, ["default"] = c.Default, ["primary_key"] = c.PrimaryKey,
                }).ToArray()),
                ["partitioned_by"] = definition is null ? null : Describe(definition),
                ["tables"] = new JsonObject(counts.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)c.Rows))),
                ["rows"] = counts.Sum(c => c.Rows),
            };
            return CommandResult.Json(PyJson.Serialize(json));
        }
        var text = TableFormatter.Format(["Column Name", "Column Type", "Not Null", "Default", "Primary Key"],
            schema.Columns.Select(c => (IReadOnlyList<object?>)[c.Name, c.DeclaredType, c.NotNull, c.Default ?? "", c.PrimaryKey]),
            $"Table '{table}' in DBMS '{dbms.Name}' ({dbms.Description.Type})" +
            (definition is null ? "" : $", partitioned by {Describe(definition)}") + $", {partitions.Count} partition(s)");
        text += TableFormatter.Format(["Physical Table", "Rows"], counts.Select(c => (IReadOnlyList<object?>)[c.Name, c.Rows]));
        return CommandResult.Ok(text);
    });

    private static string Describe(PartitionDefinition definition) =>
        $"{definition.Count} {PartitionCalendar.Plural(definition.Unit)} of {definition.Column}";

    private static ValueTask<CommandResult> RowsCount(CommandContext context) => Run(async () =>
    {
        var options = context.BindWhere();
        var byPartition = options.Str("group", "table").StartsWith("partition", StringComparison.OrdinalIgnoreCase);
        var onlyTable = options.Str("table")?.ToLowerInvariant();
        var rows = new List<(string Dbms, string Table, long Rows)>();
        foreach (var dbms in Selected(context.Node, options.Required("dbms")))
        {
            var tables = await dbms.ListTablesAsync(context.Cancellation);
            var logical = tables.Select(t => PartitionName.TryParse(t, out var p) ? p.Table : t).Distinct(StringComparer.Ordinal)
                .Where(t => onlyTable is null || t == onlyTable).Order(StringComparer.Ordinal).ToList();
            if (onlyTable is not null && logical.Count == 0)
                throw new StorageException(ErrorCode.TableNotFound, $"table '{onlyTable}' does not exist in DBMS '{dbms.Name}'");
            foreach (var table in logical)
            {
                if (!byPartition)
                {
                    rows.Add((dbms.Name, table, await dbms.CountRowsAsync(table, context.Cancellation)));
                    continue;
                }
                foreach (var physical in await dbms.PhysicalTablesAsync(table, context.Cancellation))
                    rows.Add((dbms.Name, physical, await dbms.CountPhysicalAsync(physical, context.Cancellation)));
            }
        }
        if (IsJson(options))
        {
            var json = new JsonObject();
            foreach (var group in rows.GroupBy(r => r.Dbms))
                json[group.Key] = new JsonObject(group.Select(r => KeyValuePair.Create(r.Table, (JsonNode?)r.Rows)));
            return CommandResult.Json(PyJson.Serialize(json));
        }
        return CommandResult.Ok(TableFormatter.Format(["DBMS Name", "Table Name", "Rows Count"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Dbms, r.Table, r.Rows])));
    });
}
