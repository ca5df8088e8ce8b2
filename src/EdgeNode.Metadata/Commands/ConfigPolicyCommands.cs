using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Output;
using EdgeNode.Core.Variables;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>
/// <c>config from policy where id = ..</c>: configures the node from a <c>config</c> policy, resolving its <c>!</c>
/// references now (not when the policy was written): the TCP server (<c>ip</c>, <c>local_ip</c>, <c>port</c>,
/// <c>tcp_threads</c>, <c>tcp_bind</c>), the REST server (<c>rest_port</c>, <c>rest_threads</c>, <c>rest_timeout</c>,
/// <c>rest_bind</c>), the message broker (<c>broker_port</c>, <c>broker_threads</c>, <c>broker_bind</c>), then the
/// <c>script</c> commands one by one. <c>get config policies</c> lists the runs.
/// </summary>
internal sealed class ConfigPolicyCommands(MetadataService service)
{
    private readonly ConcurrentDictionary<string, ConfigPolicyRun> _runs = new(StringComparer.Ordinal);

    private static readonly OptionSchema IdSchema = new(new OptionSpec("id", OptionType.Str, "the config policy id") { Required = true });

    public void Register(Node node)
    {
        node.AddCommand(new CommandSpec("config from policy", "Configure the node from a config policy: servers, then its script.", Run)
        {
            Usage = "config from policy where id = [policy id]",
            Explanation = "Starts the TCP server (ip, local_ip, port, tcp_threads, tcp_bind), the REST server (rest_port, rest_threads, " +
                          "rest_timeout, rest_bind) and the message broker (broker_port) the policy names, then runs each command of its " +
                          "'script' list. '!' references in the policy are resolved when it runs.",
            Examples = ["config from policy where id = 9ad8f23a8170f832105697fa302ccb71"],
            Where = IdSchema,
            Topics = ["blockchain", "configuration"],
        });
        node.AddCommand(new CommandSpec("get config policies", "List the config policies this node ran and their outcome.", List)
        {
            Usage = "get config policies",
            Examples = ["get config policies"],
            Http = HttpRule.Get,
            Topics = ["configuration"],
        });
    }

    private async ValueTask<CommandResult> Run(CommandContext context)
    {
        var id = context.BindWhere().Required("id");
        if (service.GetPolicy(id) is not { } policy)
            return CommandResult.Error(ErrorCode.PolicyNotFound, $"no policy with id '{id}' in the ledger");
        var name = policy.Name ?? "";
        CommandResult result;
        try
        {
            result = await ApplyAsync(context, policy);
        }
        catch (CommandSyntaxException e)
        {
            result = CommandResult.Error(e.Code, e.Message);
        }
        _runs[id] = new ConfigPolicyRun(id, name, result.IsError ? result.Code : ErrorCode.Success, result.IsError ? result.Text : "");
        return result;
    }

    private async Task<CommandResult> ApplyAsync(CommandContext context, Policy policy)
    {
        foreach (var server in Servers(context.Node, policy))
        {
            var started = await context.RunAsync(server.Command);
            if (started.IsError) return CommandResult.Error(started.Code, $"config policy {policy.Id}: '{server.Command}' failed: {started.Text}");
            Banner(context, $"Configure {server.Title} from policy {policy.Id}");
        }
        if (policy.Body["script"] is { } script)
        {
            var commands = script is JsonArray list ? list.Select(Policy.TextOf).OfType<string>().ToList() : [Policy.TextOf(script) ?? ""];
            foreach (var command in commands.Where(c => c.Trim().Length > 0))
            {
                var result = await context.RunAsync(command);
                if (result.IsError) return CommandResult.Error(result.Code, $"config policy {policy.Id}: '{command}' failed: {result.Text}");
                if (result.Text.Length > 0) context.Output.WriteLine(result.Text);
            }
            Banner(context, $"Script from policy {policy.Id} processed");
        }
        return CommandResult.Empty;
    }

    /// <summary>
    /// The servers a config policy declares, as EdgeLake reads it: TCP when it has <c>ip</c> and <c>port</c> (or <c>local_ip</c>
    /// and <c>local_port</c>), listening on <c>local_ip</c> (else <c>ip</c>) when <c>tcp_bind</c> is true, on every address
    /// otherwise; REST on <c>rest_port</c> at <c>rest_ip</c> (bound) or <c>ip</c> (not bound), <c>rest_bind</c> deciding
    /// when present; the message broker on <c>broker_port</c> the same way with <c>broker_ip</c> and <c>broker_bind</c>.
    /// </summary>
    private static IEnumerable<(string Title, string Command)> Servers(Node node, Policy policy)
    {
        string? Attribute(string key) => Resolve(node, policy.Body[key], key);
        string Port(string key) => Attribute(key) ?? throw new CommandSyntaxException(
            $"config policy {policy.Id}: '{key}' = '{Policy.TextOf(policy.Body[key])}' does not resolve to a port", 0, ErrorCode.UndefinedVariable);
        bool? Flag(string key) => policy.Body[key] is null ? null : string.Equals(Attribute(key), "true", StringComparison.OrdinalIgnoreCase);
        // an 'ip' that does not resolve (an overlay address never set) falls back to the node's own external address
        var ip = Attribute("ip") ?? (policy.Body["ip"] is null ? null : node.ExternalIp);
        var localIp = Attribute("local_ip");
        var localPort = policy.Body["local_port"] is null ? null : Port("local_port");
        var threads = Attribute("tcp_threads") is { } tcpThreads ? $" and threads = {tcpThreads}" : "";
        if ((ip is not null && policy.Body["port"] is not null) || (localIp is not null && localPort is not null))
        {
            var port = policy.Body["port"] is null ? localPort! : Port("port");
            var bind = Flag("tcp_bind") ?? (ip is null || localIp is null);
            yield return ("TCP Server", $"run tcp server where external_ip = {ip ?? localIp} and external_port = {port} and " +
                $"internal_ip = {localIp ?? ip} and internal_port = {localPort ?? port} and bind = {Bool(bind)}{threads}");
        }
        foreach (var (title, prefix, command, extra) in new[]
                 {
                     ("REST Server", "rest", "run rest server", Attribute("rest_timeout") is { } timeout ? $" and timeout = {timeout}" : ""),
                     ("Message Broker", "broker", "run message broker", ""),
                 })
        {
            if (policy.Body[$"{prefix}_port"] is null) continue;
            var port = Port($"{prefix}_port");
            var ownIp = Attribute($"{prefix}_ip");
            var address = ownIp ?? ip ?? throw new CommandSyntaxException(
                $"config policy {policy.Id}: missing 'ip' to configure the {title}", 0, ErrorCode.CommandStructure);
            var bind = Flag($"{prefix}_bind") ?? ownIp is not null;
            var serverThreads = Attribute($"{prefix}_threads") is { } count ? $" and threads = {count}" : "";
            yield return (title, $"{command} where external_ip = {address} and external_port = {port} and internal_ip = {address} " +
                $"and internal_port = {port} and bind = {Bool(bind)}{serverThreads}{extra}");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>The value of a policy attribute with <c>!</c> references resolved now; null when absent or still unresolved.</summary>
    private static string? Resolve(Node node, JsonNode? value, string key)
    {
        if (Policy.TextOf(value) is not { } text) return null;
        var resolved = node.Variables.SubstituteText(text).Trim();
        if (resolved.Length == 0) return null;
        if (resolved[0] is '!' or '$' && VariableReference.TryParse(resolved, 0, out var reference) && reference.Length == resolved.Length)
        {
            node.Log.Event($"config policy: '{key}' = '{text}' is not declared, using the default");
            return null;
        }
        return resolved;
    }

    private static void Banner(CommandContext context, string text)
    {
        var line = "|" + new string('=', text.Length) + "|";
        context.Output.WriteLine($"\n{line}\n|{text}|\n{line}\n");
    }

    private ValueTask<CommandResult> List(CommandContext context) =>
        ValueTask.FromResult(CommandResult.Ok(TableFormatter.Format(["Policy ID", "Policy_name", "Error", "Message"],
            _runs.Values.Select(r => (IReadOnlyList<object?>)[r.PolicyId, r.Name, (int)r.Error, r.Message]))));
}
