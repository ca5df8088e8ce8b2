using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Storage;
using static EdgeNode.Storage.Commands.StorageCommandSupport;

namespace EdgeNode.Storage.Commands;

/// <summary><c>connect dbms</c>, <c>disconnect dbms</c>, <c>get databases</c>, <c>create table</c>, <c>drop table</c>.</summary>
internal static class DbmsCommands
{
    private static readonly OptionSchema ConnectOptions = new(
        new OptionSpec("type", OptionType.Str, "sqlite or psql") { Default = "sqlite" },
        new OptionSpec("ip", OptionType.Str, "PostgreSQL server address") { Default = "127.0.0.1" },
        new OptionSpec("port", OptionType.Int, "PostgreSQL server port") { Default = "5432" },
        new OptionSpec("user", OptionType.Str, "PostgreSQL user") { Default = "postgres" },
        new OptionSpec("password", OptionType.Str, "PostgreSQL password"),
        new OptionSpec("memory", OptionType.Bool, "SQLite in RAM (e.g. system_query)") { Default = "false" },
        new OptionSpec("unlog", OptionType.Bool, "PostgreSQL: unlogged tables (fast, lost on a server crash)") { Default = "false" },
        new OptionSpec("page_size", OptionType.Storage,
            "SQLite: page size of a new database file, 512 bytes to 64KB (default 4KB; 64KB for a blobs DBMS, blobs_*, whose values are large)"),
        new OptionSpec("cache_size", OptionType.Storage,
            "SQLite: page cache of each connection, 64KB to 1GB (default 4MB; paid per pooled connection, so it counts in the node's memory)"));

    private static readonly OptionSchema DbmsOnly = new(new OptionSpec("dbms", OptionType.Str, "logical DBMS name") { Required = true });

    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("connect dbms", "Connect a logical database: a SQLite file (default) or a PostgreSQL database.", Connect)
        {
            Usage = "connect dbms [name] where type = [sqlite|psql] and ip = [ip] and port = [port] and user = [user] and password = [password] " +
                    "and memory = [true|false] and unlog = [true|false] [and page_size = [bytes]] [and cache_size = [bytes]]",
            Explanation = "SQLite keeps the database in !dbms_dir/[name].dbms (WAL mode, fsync at each commit), or in RAM with memory = true. " +
                          "With type = psql the logical DBMS is the PostgreSQL database of the same name on ip:port, created when missing.",
            Examples = ["connect dbms test where type = sqlite", "connect dbms system_query where type = sqlite and memory = true",
                "connect dbms big where type = sqlite and cache_size = 32MB",
                "connect dbms lsl_demo where type = psql and ip = 127.0.0.1 and port = 5432 and user = postgres and password = secret"],
            Where = ConnectOptions,
            Topics = ["dbms"],
        });
        node.AddCommand(new CommandSpec("disconnect dbms", "Close the connection to a logical database.", Disconnect)
        {
            Usage = "disconnect dbms [name]",
            Examples = ["disconnect dbms test"],
            Topics = ["dbms"],
        });
        node.AddCommand(new CommandSpec("get databases", "List the connected databases.", Databases)
        {
            Usage = "get databases [where format = json]",
            Examples = ["get databases", "get databases where format = json"],
            Where = new OptionSchema(Format),
            Http = HttpRule.Get,
            Topics = ["dbms"],
        });
        node.AddCommand(new CommandSpec("create table", "Create a system table (tsd_info or tsd_[member] in almgm, ledger in blockchain) or a table its table policy declares.", CreateTable)
        {
            Usage = "create table [tsd_info|tsd_[member id]|ledger|table name] where dbms = [dbms name]",
            Explanation = "tsd_info records every data file this node ingests (hash, rows, status); tsd_[member] the files of a cluster peer; " +
                          "ledger holds the policies of a master node. Another name creates the table with the 'create' statement of its " +
                          "table policy (blockchain get table where dbms = .. and name = ..). Other tables: sql [dbms] \"create table ...\".",
            Examples = ["create table tsd_info where dbms = almgm", "create table tsd_12 where dbms = almgm", "create table ledger where dbms = blockchain",
                "create table node_insight where dbms = monitoring"],
            Where = DbmsOnly,
            Topics = ["dbms"],
        });
        node.AddCommand(new CommandSpec("drop table", "Drop a table and all its partitions.", DropTable)
        {
            Usage = "drop table [table name] where dbms = [dbms name]",
            Examples = ["drop table rand_data where dbms = test"],
            Where = DbmsOnly,
            Topics = ["dbms"],
        });
    }

    private static ValueTask<CommandResult> Connect(CommandContext context) => Run(async () =>
    {
        var name = Positional(context, "DBMS name");
        var options = context.BindWhere();
        var type = options.Str("type", "sqlite").ToLowerInvariant();
        var engine = type switch
        {
            "sqlite" => DbmsEngine.Sqlite,
            "psql" or "postgres" or "postgresql" => DbmsEngine.PostgreSql,
            _ => throw new StorageException(ErrorCode.WrongOptionType, $"unknown DBMS type '{type}': use sqlite or psql"),
        };
        if (options.Int("port") is < 1 or > 65535)
            throw new StorageException(ErrorCode.WrongOptionType, $"port {options.Int("port")} is not a valid port");
        // as in EdgeLake, connecting again to the same kind of database is no error (scripts connect what they need)
        if (Registry(context.Node).Find(name.ToLowerInvariant()) is { } connected)
            return ((Dbms)connected).Engine == engine
                ? CommandResult.Ok($"Database {connected.Name} using {connected.Description.Type} is connected")
                : CommandResult.Error(ErrorCode.DbmsAlreadyConnected,
                    $"DBMS '{connected.Name}' is already connected to {connected.Description.Type}; 'disconnect dbms {connected.Name}' first");
        var dbms = await Registry(context.Node).ConnectAsync(new DbmsConnectOptions(name, engine)
        {
            Directory = context.Node.Dictionary.Get("dbms_dir") ?? Path.Combine(context.Node.Paths.DataDir, "dbms"),
            Memory = options.Bool("memory"),
            Host = options.Str("ip", "127.0.0.1"),
            Port = (int)options.Int("port", 5432),
            User = options.Str("user", "postgres"),
            Password = options.Str("password"),
            Unlogged = options.Bool("unlog"),
            PageSize = PageSize(name, options),
            CacheKb = CacheKb(options),
        }, context.Cancellation);
        context.Node.Log.Event($"Database {dbms.Name} using {dbms.Description.Type} connected ({dbms.Description.Storage})");
        return CommandResult.Ok($"Database {dbms.Name} using {dbms.Description.Type} connected!");
    });

    /// <summary>The page size asked for, else 64 KB for a blobs DBMS (EdgeLake names them blobs_&lt;dbms&gt;), else SQLite's own.</summary>
    private static int? PageSize(string name, BoundOptions options)
    {
        if (!options.Has("page_size")) return name.StartsWith("blobs_", StringComparison.OrdinalIgnoreCase) ? 65536 : null;
        var size = options.Int("page_size");
        return size is >= 512 and <= 65536 && (size & (size - 1)) == 0
            ? (int)size
            : throw new StorageException(ErrorCode.WrongOptionType, $"page_size {size}: expected a power of two from 512 to 65536 bytes");
    }

    private static int? CacheKb(BoundOptions options)
    {
        if (!options.Has("cache_size")) return null;
        var bytes = options.Int("cache_size");
        return bytes is >= 64 * 1024 and <= 1L << 30
            ? (int)(bytes / 1024)
            : throw new StorageException(ErrorCode.WrongOptionType, $"cache_size {bytes}: expected 64KB to 1GB");
    }

    private static ValueTask<CommandResult> Disconnect(CommandContext context) => Run(async () =>
    {
        var name = Positional(context, "DBMS name");
        if (!await Registry(context.Node).DisconnectAsync(name))
            return CommandResult.Error(ErrorCode.DbmsNotConnected, $"DBMS '{name}' is not connected");
        return CommandResult.Ok($"Database {name.ToLowerInvariant()} disconnected");
    });

    private static ValueTask<CommandResult> Databases(CommandContext context)
    {
        var connected = Registry(context.Node).Connected;
        if (IsJson(context.BindWhere()))
        {
            var json = new JsonObject();
            foreach (var dbms in connected)
                json[dbms.Name] = new JsonObject
                {
                    ["dbms_type"] = dbms.Description.Type, ["ip_port"] = dbms.Description.IpPort, ["storage"] = dbms.Description.Storage,
                };
            return ValueTask.FromResult(CommandResult.Json(PyJson.Serialize(json)));
        }
        if (connected.Count == 0) return ValueTask.FromResult(CommandResult.Ok("No DBMS connected"));
        return ValueTask.FromResult(CommandResult.Ok(TableFormatter.Format(
            ["Logical DBMS", "Database Type", "Owner", "IP:Port", "Configuration", "Storage"],
            connected.Select(d => (IReadOnlyList<object?>)[d.Name, d.Description.Type, d.Description.Owner, d.Description.IpPort,
                d.Description.Configuration, d.Description.Storage]),
            "Active DBMS Connections")));
    }

    private static ValueTask<CommandResult> CreateTable(CommandContext context) => Run(async () =>
    {
        var table = Positional(context, "table name").ToLowerInvariant();
        var dbms = Require(context.Node, context.BindWhere().Required("dbms"));
        IReadOnlyList<string> ddl;
        if (SystemTables.IsTsdTable(table)) ddl = SystemTables.TsdDdl(dbms.Engine, table);
        else if (table == SystemTables.Ledger) ddl = LedgerTable.CreateStatements(dbms.Engine);
        // a user table is created as its table policy declares it (EdgeLake: create table node_insight where dbms = monitoring)
        else if (context.Node.Services.Find<ITablePolicySource>()?.CreateStatement(dbms.Name, table) is { Length: > 0 } fromPolicy) ddl = [fromPolicy];
        else
            return CommandResult.Error(ErrorCode.TableNotFound,
                $"no table policy declares '{dbms.Name}.{table}'; 'create table' creates tsd_info, tsd_[member id], ledger and the tables " +
                $"of table policies; create others with: sql {dbms.Name} \"create table {table} (...)\"");
        var existed = await dbms.GetSchemaAsync(table, context.Cancellation) is not null;
        // a policy's statement may create indexes without IF NOT EXISTS: an existing table is left as it is
        if (!existed || SystemTables.IsTsdTable(table) || table == SystemTables.Ledger)
            await dbms.CreateTableAsync(string.Join(";\n", ddl), context.Cancellation);
        return CommandResult.Ok(existed ? $"Table '{table}' exists in DBMS '{dbms.Name}'" : $"Table '{table}' created in DBMS '{dbms.Name}'");
    });

    private static ValueTask<CommandResult> DropTable(CommandContext context) => Run(async () =>
    {
        var table = Positional(context, "table name").ToLowerInvariant();
        var dbms = Require(context.Node, context.BindWhere().Required("dbms"));
        var physical = await dbms.PhysicalTablesAsync(table, context.Cancellation);
        if (!await dbms.DropTableAsync(table, context.Cancellation))
            return CommandResult.Error(ErrorCode.TableNotFound, $"table '{table}' does not exist in DBMS '{dbms.Name}'");
        var partitions = physical.Count(p => !p.Equals(table, StringComparison.OrdinalIgnoreCase));
        return CommandResult.Ok($"Table '{table}' dropped from DBMS '{dbms.Name}'" + (partitions > 0 ? $" with {partitions} partition(s)" : ""));
    });
}
