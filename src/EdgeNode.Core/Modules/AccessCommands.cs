using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Security;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary><c>set command access</c> and <c>get command access</c>: the commands REST callers and remote peers may run.</summary>
internal static class AccessCommands
{
    private static readonly OptionSchema Schema = new(
        new OptionSpec("caller", OptionType.Str, "rest (REST callers) or peer (commands sent by other nodes)") { Required = true },
        new OptionSpec("allow", OptionType.Str, "all, readonly, or command words separated by commas (data = REST ingest)") { Required = true });

    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("set command access", "Set the commands REST callers or remote peers may run (read-only query nodes).", Set)
        {
            Usage = "set command access where caller = [rest|peer] and allow = [all|readonly|\"command words, ...\"]",
            Explanation = "readonly allows the commands that only read: those REST carries by GET (get ..., blockchain get, help), sql with a " +
                          "SELECT, and run client sending such a command. Command words allow every command they start (event, " +
                          "blockchain push). For REST, 'data' allows PUT and 'command: data' ingest. The console and scripts run anything. " +
                          "A refused command answers error 212 (Unauthorized command).",
            Examples =
            [
                "set command access where caller = rest and allow = readonly",
                "set command access where caller = peer and allow = \"readonly, event\"",
                "set command access where caller = rest and allow = \"readonly, data\"",
                "set command access where caller = peer and allow = all",
            ],
            Where = Schema,
            Topics = ["security", "configuration"],
        });
        node.AddCommand(new CommandSpec("get command access", "Show the commands REST callers and remote peers may run.", Get)
        {
            Usage = "get command access [where format = json]",
            Examples = ["get command access", "get command access where format = json"],
            Where = FormatOnly,
            Http = HttpRule.Get,
            Topics = ["security"],
        });
    }

    private static ValueTask<CommandResult> Set(CommandContext context)
    {
        var options = context.BindWhere(Schema);
        var rule = AccessRule.Parse(options.Required("allow"));
        switch (options.Required("caller").ToLowerInvariant())
        {
            case "rest":
                context.Node.Access.Rest = rule;
                break;
            case "peer":
            case "peers":
                context.Node.Access.Peer = rule;
                break;
            default:
                return Fail(ErrorCode.WrongOptionType, $"caller = {options.Str("caller")}: expected 'rest' or 'peer'");
        }
        context.Node.Log.Event($"Command access of {options.Str("caller")} callers set to: {rule.Text}");
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> Get(CommandContext context)
    {
        var access = context.Node.Access;
        if (WantsJson(context))
            return Done(CommandResult.Json(PyJson.Serialize(new System.Text.Json.Nodes.JsonObject { ["rest"] = access.Rest.Text, ["peer"] = access.Peer.Text })));
        return Done(TableFormatter.Format(["Caller", "Allowed commands"], [["rest", access.Rest.Text], ["peer", access.Peer.Text]]));
    }
}
