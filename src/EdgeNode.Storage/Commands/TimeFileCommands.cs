using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using EdgeNode.Storage.TimeFiles;
using static EdgeNode.Storage.Commands.StorageCommandSupport;

namespace EdgeNode.Storage.Commands;

/// <summary><c>time file ...</c> and <c>get tsd list|errors</c>: the file ledger in <c>almgm.tsd_info</c> (SPEC §5).</summary>
internal static class TimeFileCommands
{
    private static readonly OptionSpec TsdTable = new("tsd", OptionType.Str, "TSD table: tsd_info (default) or tsd_[member]") { Default = "tsd_info" };

    private static readonly OptionSchema Filters = new(
        new OptionSpec("dbms", OptionType.Str, "files of this DBMS"), new OptionSpec("table", OptionType.Str, "files of this table"),
        new OptionSpec("hash", OptionType.Str, "the file with this hash"), new OptionSpec("start_date", OptionType.Date, "files from this time"),
        new OptionSpec("end_date", OptionType.Date, "files before this time"), new OptionSpec("limit", OptionType.Int, "rows shown") { Default = "100" },
        TsdTable, Format);

    /// <summary>Values of status 1 that mean the file was handled; any other non-empty status is an error.</summary>
    private static readonly string[] SuccessStatuses = ["ok", "loaded", "processed", "success", "completed", "archived"];

    public static void Register(Node node)
    {
        Add(node, "time file new", "Register a data file in tsd_info; an already registered hash is an error.", context => Register(context, strict: true),
            "time file new [file path] [status 1] [status 2]", ["time file new !prep_dir/test.rand_data.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.json"]);
        Add(node, "time file add", "Register a data file in tsd_info; an already registered hash returns its entry.", context => Register(context, strict: false),
            "time file add [file path] [status 1] [status 2]", ["time file add test.rand_data.0.ec4b3b6a49c3291802f1d9f1c3444fb3.0.json processed"]);
        Add(node, "time file update", "Set the statuses of a registered file.", Update, "time file update [hash] [status 1] [status 2] [where tsd = tsd_info]",
            ["time file update ec4b3b6a49c3291802f1d9f1c3444fb3 loaded"], new OptionSchema(TsdTable));
        Add(node, "time file rename", "Rename a data file on disk to the name the given sections make.", Rename,
            "time file rename [file path] to dbms = [dbms] and table = [table] and source = [source] and hash = [hash] and instructions = [id]",
            ["time file rename !prep_dir/data.json to dbms = test and table = rand_data and source = 0 and hash = 0 and instructions = 0"]);
        Add(node, "time file get", "List registered files (newest first).", Get, "time file get [where dbms = .. and table = .. and hash = .. and start_date = .. and end_date = .. and limit = N and tsd = ..] [and format = json]",
            ["time file get", "time file get where dbms = test and table = rand_data and limit = 10"], Filters, HttpRule.Get);
        Add(node, "time file summary", "Summarize registered files per table: files, rows, first and last file time.", Summary,
            "time file summary [where dbms = .. and table = .. and start_date = .. and end_date = .. and tsd = ..] [and format = json]",
            ["time file summary", "time file summary where start_date = -1d"], Filters, HttpRule.Get);
        Add(node, "time file drop", "Drop TSD tables: all of them, or the one named.", Drop, "time file drop [all|tsd_info|tsd_[member]]",
            ["time file drop all", "time file drop tsd_12"]);
        Add(node, "time file delete", "Delete one entry of a TSD table.", Delete, "time file delete [file id] [from tsd_info|tsd_[member]]",
            ["time file delete 5", "time file delete 311239 from tsd_165"]);
        Add(node, "get tsd list", "List the TSD tables and their number of entries.", List, "get tsd list [where format = json]",
            ["get tsd list"], new OptionSchema(Format), HttpRule.Get);
        Add(node, "get tsd errors", "List registered files whose status 1 reports an error (not empty, ok, loaded, processed, success, completed, archived).", Errors, "get tsd errors [where tsd = .. and limit = N] [and format = json]",
            ["get tsd errors", "get tsd errors where tsd = tsd_12"], Filters, HttpRule.Get);
    }

    private static void Add(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples,
        OptionSchema? where = null, HttpRule http = HttpRule.Post) =>
        node.AddCommand(new CommandSpec(words, summary, context => Run(async () => await handler(context)))
        {
            Usage = usage, Examples = examples, Where = where, Http = http, Topics = ["dbms", "tsd"],
        });

    private static TimeFileStore Store(Node node) => (TimeFileStore)node.Services.Get<ITimeFiles>();

    private static async ValueTask<CommandResult> Register(CommandContext context, bool strict)
    {
        var words = context.Positional.Select(t => t.Text).ToArray();
        if (words.Length is < 1 or > 3) return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var path = words[0];
        if (!TsdFileName.TryParse(path, out var name, out var error)) return CommandResult.Error(ErrorCode.WrongOptionType, error);
        var hash = name.Hash;
        if (hash == "0")
        {
            if (!File.Exists(path)) return CommandResult.Error(ErrorCode.FileNotFound, $"'{path}' has no hash in its name and does not exist to compute one");
            hash = await FileHashAsync(name, path, context.Cancellation);
        }
        var store = Store(context.Node);
        var table = name.Member is "0" or "@" ? SystemTables.TsdInfo : store.TableFor(name.Member);
        var entry = new TsdEntry(name.RowId, name.Dbms, name.Table, name.Source, hash, name.Instructions,
            name.Date ?? context.Node.Time.GetUtcNow().UtcDateTime, 0, words.Length > 1 ? words[1] : "", words.Length > 2 ? words[2] : "");
        var (stored, isNew) = await store.RegisterAsync(entry, table, context.Cancellation);
        if (!isNew && strict)
            return CommandResult.Error(ErrorCode.DuplicateEntry, $"file hash {hash} is already registered in {table} with id {stored.FileId}");
        return CommandResult.Ok(isNew
            ? $"File registered in {table} with id {stored.FileId}"
            : $"File already registered in {table} with id {stored.FileId}");
    }

    /// <summary>md5 of <c>"dbms.table"</c> followed by the file bytes (SPEC §5 file name hash).</summary>
    private static async Task<string> FileHashAsync(TsdFileName name, string path, CancellationToken cancellation)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(Encoding.UTF8.GetBytes($"{name.Dbms}.{name.Table}"));
        await using var file = File.OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellation)) > 0) md5.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private static async ValueTask<CommandResult> Update(CommandContext context)
    {
        var words = context.Positional.Select(t => t.Text).ToArray();
        if (words.Length is < 2 or > 3) return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var table = context.BindWhere().Str("tsd", SystemTables.TsdInfo);
        if (!await Store(context.Node).UpdateStatusAsync(words[0], words[1], words.Length > 2 ? words[2] : null, table, context.Cancellation))
            return CommandResult.Error(ErrorCode.FileNotFound, $"no file with hash {words[0]} in {table}");
        return CommandResult.Ok($"File {words[0]} updated");
    }

    private static ValueTask<CommandResult> Rename(CommandContext context)
    {
        var arguments = context.Arguments;
        if (arguments.Count < 5 || !arguments[1].IsWord("to"))
            return ValueTask.FromResult(CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}"));
        var path = arguments[0].Text;
        if (!File.Exists(path)) return ValueTask.FromResult(CommandResult.Error(ErrorCode.FileNotFound, $"file '{path}' does not exist"));
        var pairs = new OptionSchema(new OptionSpec("dbms", OptionType.Str), new OptionSpec("table", OptionType.Str), new OptionSpec("source", OptionType.Str),
            new OptionSpec("hash", OptionType.Str), new OptionSpec("instructions", OptionType.Str)).Bind(WhereClause.Parse(context.Tokens, context.ArgumentStart + 2));
        TsdFileName.TryParse(path, out var current, out _);
        var extension = current?.Extension is { Length: > 0 } known ? known : Path.GetExtension(path);
        var name = string.Join('.', new[]
        {
            pairs.Str("dbms") ?? current?.Dbms, pairs.Str("table") ?? current?.Table, pairs.Str("source") ?? current?.Source ?? "0",
            pairs.Str("hash") ?? current?.Hash ?? "0", pairs.Str("instructions") ?? current?.Instructions ?? "0",
        }.Select(p => (p ?? "").ToLowerInvariant()));
        if (name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal))
            return ValueTask.FromResult(CommandResult.Error(ErrorCode.MissingOption, "dbms and table are required when the file name does not hold them"));
        var target = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "", name + extension);
        File.Move(path, target, overwrite: false);
        return ValueTask.FromResult(CommandResult.Ok(target));
    }

    private static (string? Where, List<object?> Parameters) Where(BoundOptions options)
    {
        var conditions = new List<string>();
        var parameters = new List<object?>();
        void Add(string condition, object? value)
        {
            conditions.Add(condition.Replace("@p", "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            parameters.Add(value);
        }
        if (options.Str("dbms") is { } dbms) Add("dbms_name = @p", dbms.ToLowerInvariant());
        if (options.Str("table") is { } table) Add("table_name = @p", table.ToLowerInvariant());
        if (options.Str("hash") is { } hash) Add("file_hash = @p", hash);
        if (options.Date("start_date") is { } start) Add("file_time >= @p", start);
        if (options.Date("end_date") is { } end) Add("file_time < @p", end);
        return (conditions.Count == 0 ? null : string.Join(" AND ", conditions), parameters);
    }

    private static async ValueTask<CommandResult> Get(CommandContext context)
    {
        var options = context.BindWhere();
        var (where, parameters) = Where(options);
        var entries = await Store(context.Node).QueryAsync(options.Str("tsd", SystemTables.TsdInfo), where, parameters,
            (int)Math.Clamp(options.Int("limit", 100), 1, 1_000_000), context.Cancellation);
        return Entries(entries, IsJson(options));
    }

    private static async ValueTask<CommandResult> Errors(CommandContext context)
    {
        var options = context.BindWhere();
        var (where, parameters) = Where(options);
        var condition = $"status1 IS NOT NULL AND lower(status1) NOT IN ('', {string.Join(", ", SuccessStatuses.Select(s => $"'{s}'"))})" +
                        (where is null ? "" : " AND " + where);
        var entries = await Store(context.Node).QueryAsync(options.Str("tsd", SystemTables.TsdInfo), condition, parameters,
            (int)Math.Clamp(options.Int("limit", 100), 1, 1_000_000), context.Cancellation);
        return Entries(entries, IsJson(options));
    }

    private static CommandResult Entries(IReadOnlyList<TsdEntry> entries, bool json)
    {
        if (json)
            return CommandResult.Json(PyJson.Serialize(new JsonArray(entries.Select(e => (JsonNode)new JsonObject
            {
                ["file_id"] = e.FileId, ["dbms_name"] = e.Dbms, ["table_name"] = e.Table, ["source"] = e.Source, ["file_hash"] = e.Hash,
                ["instructions"] = e.Instructions, ["file_time"] = ValueText.Timestamp(e.FileTime), ["rows"] = e.Rows,
                ["status1"] = e.Status1, ["status2"] = e.Status2,
            }).ToArray())));
        return CommandResult.Ok(TableFormatter.Format(
            ["ID", "DBMS", "Table", "Source", "File Hash", "Instructions", "File Time", "Rows", "Status 1", "Status 2"],
            entries.Select(e => (IReadOnlyList<object?>)[e.FileId, e.Dbms, e.Table, e.Source, e.Hash, e.Instructions,
                ValueText.Timestamp(e.FileTime), e.Rows, e.Status1, e.Status2])));
    }

    private static async ValueTask<CommandResult> Summary(CommandContext context)
    {
        var options = context.BindWhere();
        var (where, parameters) = Where(options);
        var table = options.Str("tsd", SystemTables.TsdInfo);
        if (!SystemTables.IsTsdTable(table)) return CommandResult.Error(ErrorCode.TableNotFound, $"'{table}' is not a TSD table");
        var sql = $"SELECT dbms_name, table_name, COUNT(*), SUM(rows), MIN(file_time), MAX(file_time) FROM {table}" +
                  (where is null ? "" : " WHERE " + where) + " GROUP BY dbms_name, table_name ORDER BY dbms_name, table_name";
        var rows = new List<object?[]>();
        await using (var reader = await Store(context.Node).Almgm().QueryAsync(sql, parameters, context.Cancellation))
            while (await reader.ReadAsync(context.Cancellation))
                rows.Add([reader.GetValue(0), reader.GetValue(1), reader.GetValue(2), reader.GetValue(3) ?? 0L,
                    QueryOutputWriter.CellText(reader.GetValue(4)), QueryOutputWriter.CellText(reader.GetValue(5))]);
        if (IsJson(options))
            return CommandResult.Json(PyJson.Serialize(new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["dbms"] = r[0]?.ToString(), ["table"] = r[1]?.ToString(), ["files"] = Convert.ToInt64(r[2], CultureInfo.InvariantCulture),
                ["rows"] = Convert.ToInt64(r[3], CultureInfo.InvariantCulture), ["first"] = r[4]?.ToString(), ["last"] = r[5]?.ToString(),
            }).ToArray())));
        return CommandResult.Ok(TableFormatter.Format(["DBMS", "Table", "Files", "Rows", "First File Time", "Last File Time"],
            rows.Select(r => (IReadOnlyList<object?>)r)));
    }

    private static async ValueTask<CommandResult> Drop(CommandContext context)
    {
        var words = context.Positional.Select(t => t.Text.ToLowerInvariant()).ToArray();
        if (words.Length != 1) return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var store = Store(context.Node);
        var tables = words[0] == "all" ? await store.TablesAsync(context.Cancellation) : [words[0]];
        if (tables.Any(t => !SystemTables.IsTsdTable(t))) return CommandResult.Error(ErrorCode.TableNotFound, $"'{words[0]}' is not a TSD table");
        var dropped = new List<string>();
        foreach (var table in tables)
            if (await store.Almgm().DropTableAsync(table, context.Cancellation)) dropped.Add(table);
        if (dropped.Count == 0 && words[0] != "all") return CommandResult.Error(ErrorCode.TableNotFound, $"'{words[0]}' does not exist in almgm");
        return CommandResult.Ok(dropped.Count == 0 ? "No TSD table to drop" : $"Dropped {string.Join(", ", dropped)}");
    }

    private static async ValueTask<CommandResult> Delete(CommandContext context)
    {
        var words = context.Positional.Select(t => t.Text).ToArray();
        if (words.Length is not (1 or 3) || (words.Length == 3 && !words[1].Equals("from", StringComparison.OrdinalIgnoreCase))
                                         || !long.TryParse(words[0], CultureInfo.InvariantCulture, out var id))
            return CommandResult.Error(ErrorCode.CommandStructure, $"expected: {context.Spec.UsageText}");
        var table = words.Length == 3 ? words[2].ToLowerInvariant() : SystemTables.TsdInfo;
        if (!await Store(context.Node).DeleteAsync(id, table, context.Cancellation))
            return CommandResult.Error(ErrorCode.FileNotFound, $"no entry {id} in {table}");
        return CommandResult.Ok($"Entry {id} deleted from {table}");
    }

    private static async ValueTask<CommandResult> List(CommandContext context)
    {
        var store = Store(context.Node);
        var rows = new List<(string Table, long Count)>();
        foreach (var table in await store.TablesAsync(context.Cancellation))
            rows.Add((table, await store.Almgm().CountRowsAsync(table, context.Cancellation)));
        if (IsJson(context.BindWhere()))
            return CommandResult.Json(PyJson.Serialize(new JsonObject(rows.Select(r => KeyValuePair.Create(r.Table, (JsonNode?)r.Count)))));
        return CommandResult.Ok(TableFormatter.Format(["TSD Table", "Entries"], rows.Select(r => (IReadOnlyList<object?>)[r.Table, r.Count])));
    }
}
