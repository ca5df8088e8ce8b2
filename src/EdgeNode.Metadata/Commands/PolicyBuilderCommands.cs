using System.Globalization;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Variables;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>Commands that build policies in variables: <c>create policy</c> and <c>set policy</c>.</summary>
internal sealed class PolicyBuilderCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("create policy", "Build a policy from key = value pairs, optionally completed with the node's defaults.", Create)
        {
            Usage = "create policy [policy type] [with defaults] where [key] = [value] and ...",
            Explanation = "Prints the policy JSON (assign it: p = create policy ...). 'with defaults' adds, for node policies " +
                          "(master, operator, publisher, query), hostname, ip (!external_ip), local_ip (!ip when it differs), port " +
                          "(!anylog_server_port or the type's default), rest_port (!anylog_rest_port or default), broker_port " +
                          "(!anylog_broker_port when set), loc, country, state, city; for a cluster, status = active.",
            Examples =
            [
                "create policy cluster with defaults where company = acme and name = cluster1",
                "new_policy = create policy operator with defaults where name = op1 and company = acme and cluster = !cluster_id and main = true",
                "create policy tag where name = t1 and parent = !root_id",
            ],
            Topics = ["blockchain", "policies"],
        });
        node.AddCommand(new CommandSpec("set policy", "Set a value inside the policy held in a variable; missing levels are created.", SetPolicy)
        {
            Usage = "set policy [variable] [key][key]... = [value]",
            Explanation = "The value is JSON when it is '{...}' or '[...]', an integer with !x.int, a float with !x.float, a boolean with " +
                          "!x.bool, and text otherwise (quote it to force text). Single quotes keep the text as written, without the " +
                          "quotes and without resolving it: a config policy holds '!overlay_ip' and resolves it when it runs. A key may " +
                          "be a variable ([!node_type][name]).",
            Examples = ["set policy new_policy [operator] = {}", "set policy new_policy [operator][name] = !node_name",
                "set policy new_policy [operator][port] = !anylog_server_port.int", "set policy new_policy [config][ip] = '!overlay_ip'"],
            RawArguments = true,
            Topics = ["blockchain", "policies"],
        });
    }

    private static ValueTask<CommandResult> Create(CommandContext context)
    {
        var positional = context.Positional;
        if (positional.Count == 0) return Fail(ErrorCode.CommandStructure, "missing policy type: create policy [type] [with defaults] where ...");
        var type = positional[0].Text;
        var withDefaults = positional.Count == 3 && positional[1].IsWord("with") && positional[2].IsWord("defaults");
        if (positional.Count > 1 && !withDefaults)
            return Fail(ErrorCode.CommandStructure, $"unexpected '{positional[1].Text}' at position {positional[1].Position}: expected 'with defaults' or 'where'");
        var body = new JsonObject();
        if (context.WhereIndex >= 0)
        {
            var clause = WhereClause.Parse(context.Tokens, context.ArgumentStart + context.WhereIndex + 1);
            foreach (var (key, value) in clause.Pairs)
            {
                if (!value.Quoted && value.Text.StartsWith('!') && VariableReference.TryParse(value.Text, 0, out var reference)
                    && reference.Length == value.Text.Length)
                    return Fail(ErrorCode.UndefinedVariable, $"variable '{value.Text}' used by '{key}' is not declared");
                body[key] = PolicyValues.For(key, value.Text, value.Quoted);
            }
        }
        if (withDefaults) AddDefaults(context.Node, type, body);
        if (NodeTypes.IsNode(type)) body = Ordered(body);
        return Done(CommandResult.Json(PyJson.Serialize(new JsonObject { [type] = body })));
    }

    private static void AddDefaults(Node node, string type, JsonObject body)
    {
        if (type == "cluster")
        {
            if (body["status"] is null) body["status"] = "active";
            return;
        }
        if (!NodeTypes.IsNode(type)) return;
        var dictionary = node.Dictionary;
        var (tcp, rest) = NodeTypes.DefaultPorts(type);
        Default(body, "hostname", dictionary.Get("hostname") ?? Environment.MachineName);
        Default(body, "ip", node.ExternalIp);
        if (node.LocalIp != node.ExternalIp) Default(body, "local_ip", node.LocalIp);
        Default(body, "port", Port(dictionary.Get("anylog_server_port"), tcp));
        Default(body, "rest_port", Port(dictionary.Get("anylog_rest_port"), rest));
        if (dictionary.Get("anylog_broker_port") is { } broker && long.TryParse(broker, NumberStyles.None, CultureInfo.InvariantCulture, out var brokerPort))
            Default(body, "broker_port", brokerPort);
        Default(body, "loc", dictionary.Get("loc") ?? "0.0, 0.0");
        Default(body, "country", dictionary.Get("country") ?? "Unknown");
        Default(body, "state", dictionary.Get("state") ?? "Unknown");
        Default(body, "city", dictionary.Get("city") ?? "Unknown");
    }

    private static long Port(string? configured, int fallback) =>
        long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;

    private static void Default(JsonObject body, string key, JsonNode value)
    {
        if (body[key] is null) body[key] = value;
    }

    /// <summary>Node policies list their attributes in the order EdgeLake's deployment scripts produce; others follow as given.</summary>
    private static JsonObject Ordered(JsonObject body)
    {
        var ordered = new JsonObject();
        foreach (var key in NodeTypes.AttributeOrder)
            if (body.TryGetPropertyValue(key, out var value)) ordered[key] = value?.DeepClone();
        foreach (var (key, value) in body)
            if (!ordered.ContainsKey(key)) ordered[key] = value?.DeepClone();
        return ordered;
    }

    private static ValueTask<CommandResult> SetPolicy(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count < 4 || !args[2].IsOperator("="))
            return Fail(ErrorCode.CommandStructure, "expected 'set policy [variable] [key][key]... = [value]'");
        var variable = args[0].Text;
        var path = args[1];
        if (!path.Text.StartsWith('['))
            return Fail(ErrorCode.CommandStructure, $"expected keys such as [operator][name] at position {path.Position}, found '{path.Text}'");
        // a key may be a variable: set policy new_policy [!node_type][name] = ...
        var keys = Query.PolicyPath.Parse(path.Text, path.Position).Segments.Select(key => context.Node.Variables.SubstituteText(key)).ToArray();
        var value = Value(context, args.Skip(3).ToList());
        var dictionary = context.Node.Dictionary;
        JsonObject root;
        if (dictionary.Get(variable) is { Length: > 0 } existing)
        {
            if (PolicyValues.Json(existing) is not JsonObject parsed)
                return Fail(ErrorCode.JsonError, $"variable '{variable}' does not hold a JSON object");
            root = parsed;
        }
        else root = new JsonObject();
        var target = root;
        foreach (var key in keys[..^1])
        {
            if (target[key] is not JsonObject next)
            {
                next = new JsonObject();
                target[key] = next;
            }
            target = next;
        }
        target[keys[^1]] = value;
        dictionary.Set(variable, PyJson.Serialize(root));
        return Done(CommandResult.Empty);
    }

    /// <summary>
    /// The value of <c>set policy</c>, as EdgeLake reads it: <c>'...'</c> is kept literally without its quotes, so a policy
    /// can hold a reference resolved later (<c>'!overlay_ip'</c>, <c>'!anylog_server_port.int'</c>, see <c>config from
    /// policy</c>); <c>!x.int</c>, <c>!x.float</c>, <c>!x.bool</c> give a number or a boolean; <c>{..}</c> and <c>[..]</c>
    /// are JSON (with <c>!x</c> inside resolved); anything else is text, an undeclared <c>!x</c> empty text.
    /// </summary>
    private static JsonNode? Value(CommandContext context, List<Token> tokens)
    {
        var variables = context.Node.Variables;
        if (tokens.Count == 1)
        {
            var token = tokens[0];
            switch (token.Kind)
            {
                case TokenKind.Quoted:
                    return JsonValue.Create(token.Text);
                case TokenKind.SingleQuoted:
                    return JsonValue.Create(token.Text[1..^1]);
                case TokenKind.Braces or TokenKind.Brackets:
                    return PolicyValues.Json(variables.SubstituteInJson(token.Text)) ?? JsonValue.Create(token.Text);
            }
            if (token.Text.Length > 1 && token.Text[0] is '!' or '$' && VariableReference.TryParse(token.Text, 0, out var reference)
                && reference.Length == token.Text.Length)
            {
                if (variables.Lookup(reference) is not { } raw) return JsonValue.Create("");
                var text = VariableResolver.Typed(raw, reference.Type);
                return reference.Type switch
                {
                    Core.Variables.ValueType.Int or Core.Variables.ValueType.Len => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
                    Core.Variables.ValueType.Float => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
                    Core.Variables.ValueType.Bool => JsonValue.Create(text == "true"),
                    _ => PolicyValues.Json(text) ?? JsonValue.Create(text),
                };
            }
        }
        return JsonValue.Create(string.Join(' ', tokens.Select(t => t.Kind == TokenKind.Quoted ? t.Text : variables.SubstituteText(t.Text))));
    }

    private static ValueTask<CommandResult> Done(CommandResult result) => ValueTask.FromResult(result);

    private static ValueTask<CommandResult> Fail(ErrorCode code, string detail) => ValueTask.FromResult(CommandResult.Error(code, detail));
}
