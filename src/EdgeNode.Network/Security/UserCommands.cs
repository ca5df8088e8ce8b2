using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Network.Security;

/// <summary>
/// REST users and authentication (AnyLog's names): <c>set user authentication on|off</c>, <c>id add user</c>,
/// <c>id remove user</c>, <c>id update user password</c>, <c>id add token</c>, <c>get users</c>.
/// </summary>
internal static class UserCommands
{
    private static readonly OptionSchema AddSchema = new(
        new OptionSpec("name", OptionType.Str, "user name (Basic authentication)") { Required = true },
        new OptionSpec("password", OptionType.Str, "password (kept hashed)") { Required = true },
        new OptionSpec("type", OptionType.Str, "admin (any command REST allows) or readonly (read-only commands only)") { Default = UserRecord.Admin });

    private static readonly OptionSchema NameSchema = new(new OptionSpec("name", OptionType.Str, "user name") { Required = true });

    private static readonly OptionSchema PasswordSchema = new(
        new OptionSpec("name", OptionType.Str, "user name") { Required = true },
        new OptionSpec("old", OptionType.Str, "current password") { Required = true },
        new OptionSpec("new", OptionType.Str, "new password") { Required = true });

    public static void Register(Node node, UserStore users)
    {
        const string topic = "security";
        node.AddCommand(new CommandSpec("set user authentication", "Require REST callers to authenticate (Basic or Bearer), or stop requiring it.",
            context => SetAuthentication(context, users))
        {
            Usage = "set user authentication [on|off]",
            Explanation = "With authentication on, every REST call but /health and /api/status needs 'Authorization: Basic ...' (a user of " +
                          "'id add user') or 'Authorization: Bearer ...' (a token of 'id add token'); others get 401 (error 97). The " +
                          "setting is kept in !pem_dir/users.json with the users, so the node is protected again when it restarts.",
            Examples = ["set user authentication on", "set user authentication off"],
            Topics = [topic],
        });
        node.AddCommand(new CommandSpec("id add user", "Add a REST user (password kept hashed in !pem_dir/users.json).",
            context => Change(context, AddSchema, o => users.Add(o.Required("name"), o.Required("password"), Type(o.Str("type", UserRecord.Admin)))))
        {
            Usage = "id add user where name = [name] and password = [password] [and type = admin|readonly]",
            Examples = ["id add user where name = ops and password = s3cret", "id add user where name = grafana and password = view and type = readonly"],
            Where = AddSchema,
            Topics = [topic],
        });
        node.AddCommand(new CommandSpec("id remove user", "Remove a REST user (authentication turns off with the last one).",
            context => Change(context, NameSchema, o => users.Remove(o.Required("name"))))
        {
            Usage = "id remove user where name = [name]",
            Examples = ["id remove user where name = ops"],
            Where = NameSchema,
            Topics = [topic],
        });
        node.AddCommand(new CommandSpec("id update user password", "Change a REST user's password (the old one must be given).",
            context => Change(context, PasswordSchema, o => users.UpdatePassword(o.Required("name"), o.Required("old"), o.Required("new"))))
        {
            Usage = "id update user password where name = [name] and old = [password] and new = [password]",
            Examples = ["id update user password where name = ops and old = s3cret and new = n3w-s3cret"],
            Where = PasswordSchema,
            Topics = [topic],
        });
        node.AddCommand(new CommandSpec("id add token", "Give a REST user a bearer token, printed once (a new one replaces the old).",
            context => AddToken(context, users))
        {
            Usage = "id add token where name = [name]",
            Explanation = "Callers send it as 'Authorization: Bearer <token>' (Prometheus: authorization.credentials). Only its hash is kept.",
            Examples = ["id add token where name = grafana"],
            Where = NameSchema,
            Topics = [topic],
        });
        node.AddCommand(new CommandSpec("get users", "List the REST users, their type and whether they have a token (never a secret).",
            context => GetUsers(context, users))
        {
            Usage = "get users [where format = json]",
            Examples = ["get users", "get users where format = json"],
            Where = FormatOnly,
            Http = HttpRule.Get,
            Topics = [topic],
        });
    }

    private static ValueTask<CommandResult> SetAuthentication(CommandContext context, UserStore users)
    {
        var word = context.Positional.Count == 1 ? context.Positional[0].Text.ToLowerInvariant() : "";
        if (word is not ("on" or "off")) return Fail(ErrorCode.CommandStructure, "expected 'set user authentication on' or '... off'");
        users.SetEnabled(word == "on");
        context.Node.Log.Event($"REST user authentication {word}");
        return Done(CommandResult.Empty);
    }

    private static string Type(string type) => type.ToLowerInvariant() switch
    {
        UserRecord.Admin => UserRecord.Admin,
        UserRecord.ReadOnlyType or "read-only" => UserRecord.ReadOnlyType,
        _ => throw new CommandSyntaxException($"type = {type}: expected 'admin' or 'readonly'", 0, ErrorCode.WrongOptionType),
    };

    private static ValueTask<CommandResult> Change(CommandContext context, OptionSchema schema, Action<BoundOptions> change)
    {
        change(context.BindWhere(schema));
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> AddToken(CommandContext context, UserStore users) =>
        Done(users.NewToken(context.BindWhere(NameSchema).Required("name")));

    private static ValueTask<CommandResult> GetUsers(CommandContext context, UserStore users)
    {
        var list = users.Users;
        string Added(UserRecord u) => u.Added.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (WantsJson(context))
        {
            return Done(CommandResult.Json(PyJson.Serialize(new JsonObject
            {
                ["authentication"] = users.Enabled,
                ["users"] = new JsonArray([.. list.Select(u => (JsonNode)new JsonObject
                {
                    ["name"] = u.Name, ["type"] = u.Type, ["token"] = u.TokenHash is not null, ["added"] = Added(u),
                })]),
            })));
        }
        var table = TableFormatter.Format(["User", "Type", "Token", "Added"],
            list.Select(u => (IReadOnlyList<object?>)[u.Name, u.Type, u.TokenHash is null ? "" : "yes", Added(u)]));
        return Done($"User authentication: {(users.Enabled ? "on" : "off")}{TableFormatter.NewLine}{table}");
    }
}
