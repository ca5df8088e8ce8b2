using System.Globalization;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Scripts;
using EdgeNode.Core.Variables;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary>The dictionary and values: <c>set</c>, <c>get dictionary</c>, <c>get !x</c>, <c>echo</c>, <c>print</c>, <c>incr</c>, <c>python</c>.</summary>
internal static class VariableCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("set", "Assign a value to a dictionary key (same as 'key = value').", Set)
        {
            Usage = "set [key] = [value]",
            Examples = ["set dbms_name = lsl_demo", "set my_status = get status"],
            RawArguments = true,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("set node name", "Set the node's name (shown by 'get status').", SetNodeName)
        {
            Usage = "set node name [name]",
            Examples = ["set node name operator1"],
            Topics = ["node info", "configuration"],
        });
        node.AddCommand(new CommandSpec("set anylog home", "Re-root the node home; every data directory key follows.", SetHome)
        {
            Usage = "set anylog home [path]",
            Examples = ["set anylog home /app"],
            Topics = ["configuration"],
        });
        node.AddCommand(new CommandSpec("set edgenode home", "Same as 'set anylog home'.", SetHome)
        {
            Usage = "set edgenode home [path]",
            Examples = ["set edgenode home /var/lib/edgenode"],
            Topics = ["configuration"],
        });
        node.AddCommand(new CommandSpec("get dictionary", "List the dictionary keys and values, optionally those containing a text.", GetDictionary)
        {
            Usage = "get dictionary [substring] [where format = json]",
            Examples = ["get dictionary", "get dictionary _dir", "get dictionary where format = json"],
            Where = FormatOnly,
            Http = HttpRule.Get,
            Topics = ["configuration"],
        });
        node.AddCommand(new CommandSpec("get", "Print the value of a variable ('get !x'); other 'get' commands list node information.", GetVariable)
        {
            Usage = "get ![key]",
            Examples = ["get !watch_dir"],
            RawArguments = true,
            Http = HttpRule.Get,
            Topics = ["configuration"],
        });
        node.AddCommand(new CommandSpec("echo", "Print a text and keep it in the echo queue.", Echo)
        {
            Usage = "echo [text]",
            Examples = ["echo node !node_name started"],
            Http = HttpRule.Any,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("print", "Print a text.", Print)
        {
            Usage = "print [text]",
            Examples = ["print !dbms_name"],
            Http = HttpRule.Any,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("incr", "Add a number to a value (default 1); with a key name, also store the sum.", Increment)
        {
            Usage = "incr [value or key] [number]",
            Examples = ["incr !counter 4", "counter = incr !counter"],
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("python", "Evaluate an arithmetic or string expression (a safe subset of Python).", Python)
        {
            Usage = "python [expression]",
            Explanation = "A word that is only a variable (!n) is replaced by its value as written (python !n * 2); a variable inside " +
                          "a longer word is replaced by its value as a Python string (python !version.split(\" \")[0]), or a number " +
                          "when typed (!n.int), as EdgeLake does.",
            Examples = ["python 5 * (3 + 2)", "x = python '!dbms_name'.upper()", "deployment_type = python !version.split(\" \")[0]"],
            Http = HttpRule.Any,
            RawArguments = true,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("create work directories", "Create the node home's data and blockchain directories.", CreateDirectories)
        {
            Examples = ["create work directories"],
            Topics = ["configuration"],
        });
    }

    private static async ValueTask<CommandResult> Set(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count < 2 || !args[1].IsOperator("="))
            return CommandResult.Error(ErrorCode.CommandStructure,
                $"expected 'set [key] = [value]'; unknown set command '{context.ArgumentText()}'",
                args.Count > 0 ? args[0].Position : -1);
        return await context.RunTokensAsync(context.ArgumentStart);
    }

    private static ValueTask<CommandResult> SetNodeName(CommandContext context)
    {
        var name = string.Join(' ', context.Arguments.Select(t => t.Text)).Trim();
        if (name.Length == 0) return Fail(ErrorCode.CommandStructure, "missing node name");
        context.Node.Dictionary.Set("node_name", name);
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> SetHome(CommandContext context)
    {
        var path = string.Join(' ', context.Arguments.Select(t => t.Text)).Trim();
        if (path.Length == 0) return Fail(ErrorCode.CommandStructure, "missing home path");
        context.Node.SetHome(path);
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> GetDictionary(CommandContext context)
    {
        var filter = context.Positional.Count > 0 ? context.Positional[0].Text : null;
        var entries = context.Node.Dictionary.Snapshot()
            .Where(kv => filter is null || kv.Key.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .Select(kv => Security.Secrets.IsSecretName(kv.Key) ? KeyValuePair.Create(kv.Key, Security.Secrets.Mask) : kv)
            .ToList();
        if (WantsJson(context))
        {
            var json = new System.Text.Json.Nodes.JsonObject();
            foreach (var (key, value) in entries) json[key] = value;
            return Done(CommandResult.Json(PyJson.Serialize(json)));
        }
        return Done(TableFormatter.Format(["Key", "Value"], entries.Select(kv => (IReadOnlyList<object?>)[kv.Key, kv.Value])));
    }

    private static ValueTask<CommandResult> GetVariable(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count >= 1 && args[0].Text.Length > 1 && args[0].Text[0] is '!' or '$'
            && VariableReference.TryParse(args[0].Text, 0, out var reference))
            return Done(context.Node.Variables.Lookup(reference) is { } value
                ? Security.Secrets.IsSecretName(reference.Name) ? Security.Secrets.Mask : VariableResolver.Typed(value, reference.Type)
                : "");
        var subject = args.Count > 0 ? args[0].Text : "";
        var known = context.Node.Commands.StartingWith("get " + subject).Select(s => s.Words).Take(12).ToList();
        if (known.Count == 0) known = context.Node.Commands.StartingWith("get ").Select(s => s.Words).ToList();
        return Fail(ErrorCode.CommandStructure,
            $"unknown get command 'get {context.ArgumentText()}' at position {(args.Count > 0 ? args[0].Position : 0)}; "
            + $"known: {string.Join(", ", known)}");
    }

    private static string Text(CommandContext context) => string.Join(' ', context.Arguments.Select(t => t.Text));

    private static ValueTask<CommandResult> Echo(CommandContext context)
    {
        var text = Text(context);
        context.Node.Log.EchoMessage(text);
        return Done(text);
    }

    private static ValueTask<CommandResult> Print(CommandContext context) => Done(Text(context));

    private static ValueTask<CommandResult> Increment(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count is < 1 or > 2)
            return Fail(ErrorCode.CommandStructure, "expected 'incr [value] [number]'", args.Count > 2 ? args[2].Position : context.Tokens[0].Position);
        var step = 1.0;
        if (args.Count == 2 && !ValueParsers.TryParseFloat(args[1].Text, out step))
            return Fail(ErrorCode.WrongOptionType, $"'{args[1].Text}' is not a number", args[1].Position);
        var first = args[0].Text;
        var storeKey = context.Node.Dictionary.TryGet(first, out var stored) && !ValueParsers.TryParseFloat(first, out _) ? first : null;
        var text = storeKey is null ? first : stored;
        if (!ValueParsers.TryParseFloat(text, out var value))
            return Fail(ErrorCode.WrongOptionType, text.StartsWith('!') ? $"'{text}' is not declared" : $"'{text}' is not a number", args[0].Position);
        var sum = value + step;
        var result = sum == Math.Floor(sum) && Math.Abs(sum) < 1e15
            ? ((long)sum).ToString(CultureInfo.InvariantCulture)
            : PythonFormat.FloatRepr(sum);
        if (storeKey is not null) context.Node.Dictionary.Set(storeKey, result);
        return Done(result);
    }

    private static ValueTask<CommandResult> Python(CommandContext context)
    {
        if (context.Arguments.Count == 0) return Fail(ErrorCode.CommandStructure, "missing expression", context.Tokens[0].Position);
        var expression = PythonSource.Build(context.Arguments, context.Line, context.Node.Variables);
        // positions in errors count from the start of the line (after !var substitution)
        return Done(PythonExpression.Evaluate(expression, context.Tokens[context.ArgumentStart].Position));
    }

    private static ValueTask<CommandResult> CreateDirectories(CommandContext context)
    {
        context.Node.Paths.CreateAll();
        return Done(CommandResult.Empty);
    }
}
