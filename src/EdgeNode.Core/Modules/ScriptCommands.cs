using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Limits;
using EdgeNode.Core.Scripts;
using EdgeNode.Core.Variables;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary>Scripts and control flow: <c>process</c>, <c>thread</c>, labels, <c>goto/call/return</c>, <c>if/do/else</c>, <c>on error</c>, <c>wait</c>, loops, <c>trace</c>.</summary>
internal static class ScriptCommands
{
    private static readonly OptionSchema LoopSchema = new(
        new OptionSpec("list", OptionType.Str, "the items: (a, b, c), a JSON list, or a comma separated text") { Required = true },
        new OptionSpec("var", OptionType.Str, "the key that holds the current item") { Default = "item" });

    public static void Register(Node node)
    {
        Add(node, "process", "Run a script file in the current thread.", Process, "process [path and file name]",
            ["process !local_scripts/operator.al", "process examples/demo.al"]);
        Add(node, "thread", "Run a script file on a new thread.", Thread, "thread [path and file name]", ["thread !local_scripts/monitor.al"]);
        Add(node, "goto", "Continue the script at a label (':name:' line).", Goto, "goto [label]", ["goto end_script"]);
        Add(node, "call", "Run the script from a label until 'return'.", Call, "call [label]", ["call set_policy"]);
        Add(node, "return", "Return from a 'call' (ends the script when there is none).", Return, "return", ["return"]);
        Add(node, "end script", "End the current script.", EndScript, "end script", ["end script"]);
        Add(node, "exit scripts", "Stop every running script.", ExitScripts, "exit scripts", ["exit scripts"]);
        Add(node, "on error", "Choose what a script does when a command fails.", OnError,
            "on error goto [label] | on error call [label] | on error end script | on error ignore",
            ["on error goto missing_dbms", "on error call report", "on error end script", "on error ignore"]);
        node.AddCommand(new CommandSpec("if", "Run a command when a condition holds; following 'do' lines run too, 'else' lines otherwise.", If)
        {
            Usage = "if [condition] then [command] | [key] = if [condition]",
            Examples = ["if !dbms_name == lsl_demo then echo demo", "if not !operator_id then goto no_operator", "missing = if not !operator_id",
                "if (!a.int > 3) and (!b contains x) then print yes"],
            RawArguments = true,
            Http = HttpRule.Any,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("do", "Run a command when the last 'if' condition was true.", Do)
        {
            Usage = "do [command]", Examples = ["do echo yes"], RawArguments = true, Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("else", "Run a command (or test another 'if') when no branch of the last 'if' was taken.", Else)
        {
            Usage = "else [command] | else if [condition] then [command]",
            Examples = ["else echo no", "else if !x == 2 then echo two"],
            RawArguments = true,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("wait", "Wait a number of seconds, or until a condition holds (at most that long).", Wait)
        {
            Usage = "wait [max seconds] [for [condition]]",
            Examples = ["wait 5", "wait 10 for !status == ready", "wait 30 for sync"],
            RawArguments = true,
            Http = HttpRule.Any,
            Topics = ["script"],
        });
        node.AddCommand(new CommandSpec("for loop start", "Repeat the lines up to 'for loop end' for each item of a list.", LoopStart)
        {
            Usage = "for loop start where list = [items] and var = [key] ... !key (or !list_name[+] when list = !list_name) ... for loop end",
            Examples = ["for loop start where list = (a, b, c) and var = table_name", "for loop start where list = !tables"],
            Where = LoopSchema,
            Topics = ["script"],
        });
        Add(node, "for loop end", "End of a 'for loop start' block.", LoopEnd, "for loop end", ["for loop end"]);
        node.AddCommand(new CommandSpec("trace level",
            "Trace a command in the event log: 1 logs each call, 2 adds its outcome and duration (0 = off).", TraceLevel)
        {
            Usage = "trace level = [value] [command]",
            Examples = ["trace level = 1 run rest server", "trace level = 0 run rest server"],
            Topics = ["debug"],
        });
        node.AddCommand(new CommandSpec("set debug", "Print each script line before it runs ('on'), or stop ('off').", SetDebug)
        {
            Usage = "set debug on|off",
            Examples = ["set debug on", "set debug off"],
            Topics = ["debug", "script"],
        });
    }

    private static void Add(Node node, string words, string summary, CommandHandler handler, string usage, string[] examples) =>
        node.AddCommand(new CommandSpec(words, summary, handler) { Usage = usage, Examples = examples, Topics = ["script"] });

    private static string Argument(CommandContext context) => string.Join(' ', context.Arguments.Select(t => t.Text)).Trim();

    private static async ValueTask<CommandResult> Process(CommandContext context)
    {
        var path = Argument(context);
        if (path.Length == 0) return CommandResult.Error(ErrorCode.CommandStructure, "missing script file");
        return await context.Node.Scripts.RunFileAsync(ResolveScriptPath(context, path), CommandSource.Script, context.Output,
            context.Cancellation);
    }

    private static ValueTask<CommandResult> Thread(CommandContext context)
    {
        var path = Argument(context);
        if (path.Length == 0) return Fail(ErrorCode.CommandStructure, "missing script file");
        return Done(context.Node.Scripts.StartThread(ResolveScriptPath(context, path), context.Node.Console));
    }

    private static ScriptFrame? ScriptOf(CommandContext context) => context.Script is { IsInteractive: false } script ? script : null;

    private static ValueTask<CommandResult> Goto(CommandContext context) =>
        ScriptOf(context) is { } script ? Done(script.Goto(Argument(context))) : NotInScript("goto");

    private static ValueTask<CommandResult> Call(CommandContext context) =>
        ScriptOf(context) is { } script ? Done(script.Call(Argument(context))) : NotInScript("call");

    private static ValueTask<CommandResult> Return(CommandContext context) =>
        ScriptOf(context) is { } script ? Done(script.Return()) : NotInScript("return");

    private static ValueTask<CommandResult> EndScript(CommandContext context)
    {
        if (ScriptOf(context) is not { } script) return NotInScript("end script");
        script.End();
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> NotInScript(string command) =>
        Fail(ErrorCode.NotInScript, $"'{command}' works only inside a script");

    private static ValueTask<CommandResult> ExitScripts(CommandContext context)
    {
        context.Node.Scripts.ExitAll();
        context.Script?.End();
        return Done(CommandResult.Empty);
    }

    private static ValueTask<CommandResult> OnError(CommandContext context)
    {
        if (ScriptOf(context) is not { } script) return NotInScript("on error");
        var args = context.Arguments;
        var action = args.Count > 0 ? args[0].Text.ToLowerInvariant() : "";
        ErrorHandling? handling = action switch
        {
            "goto" when args.Count == 2 => new ErrorHandling(ErrorAction.Goto, args[1].Text),
            "call" when args.Count == 2 => new ErrorHandling(ErrorAction.Call, args[1].Text),
            "end" when args.Count == 2 && args[1].IsWord("script") => new ErrorHandling(ErrorAction.EndScript),
            "ignore" when args.Count == 1 => new ErrorHandling(ErrorAction.Ignore),
            _ => null,
        };
        if (handling is null)
            return AtPosition(context, 0, "expected 'on error goto [label] | call [label] | end script | ignore'");
        script.OnError = handling.Value;
        return Done(CommandResult.Empty);
    }

    private static ScriptFrame FrameOf(CommandContext context) => context.Script ?? ScriptFrame.Interactive();

    private static async ValueTask<CommandResult> If(CommandContext context)
    {
        var tokens = context.Tokens;
        var then = -1;
        for (var i = context.ArgumentStart; i < tokens.Length; i++)
            if (tokens[i].IsWord("then")) { then = i; break; }
        var conditionEnd = then < 0 ? tokens.Length : then;
        if (conditionEnd == context.ArgumentStart)
            return CommandResult.Error(ErrorCode.CommandStructure, "missing condition after 'if'", tokens[0].Position);
        var condition = context.Node.Conditions.Evaluate(new ArraySegment<Token>(tokens, context.ArgumentStart, conditionEnd - context.ArgumentStart));
        var frame = FrameOf(context);
        frame.LastCondition = condition;
        frame.ChainSatisfied = condition;
        // 'a = if not !a': without 'then', an assignment takes the condition's value
        if (then < 0 && context.Assignment != AssignmentKind.None) return CommandResult.Ok(condition ? "true" : "false");
        if (then < 0 || !condition) return CommandResult.Empty;
        if (then == tokens.Length - 1)
            return CommandResult.Error(ErrorCode.CommandStructure, "missing command after 'then'", tokens[then].Position);
        return await context.RunTokensAsync(then + 1);
    }

    private static async ValueTask<CommandResult> Do(CommandContext context)
    {
        if (!FrameOf(context).LastCondition || context.Arguments.Count == 0) return CommandResult.Empty;
        return await context.RunTokensAsync(context.ArgumentStart);
    }

    private static async ValueTask<CommandResult> Else(CommandContext context)
    {
        var frame = FrameOf(context);
        if (frame.ChainSatisfied || context.Arguments.Count == 0) return CommandResult.Empty;
        if (context.Arguments[0].IsWord("if")) return await context.RunTokensAsync(context.ArgumentStart);
        frame.ChainSatisfied = true;
        frame.LastCondition = true;
        return await context.RunTokensAsync(context.ArgumentStart);
    }

    private static async ValueTask<CommandResult> Wait(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count == 0) return CommandResult.Error(ErrorCode.CommandStructure, "expected 'wait [seconds] [for condition]'");
        var seconds = context.Node.Variables.SubstituteText(args[0].Text);
        if (!ValueParsers.TryParseFloat(seconds, out var limit) || limit < 0)
            return CommandResult.Error(ErrorCode.WrongOptionType, $"'{args[0].Text}' is not a number of seconds", args[0].Position);
        if (limit > InputLimits.TimeoutSeconds)
            return CommandResult.Error(ErrorCode.WrongOptionType,
                $"'{args[0].Text}' seconds: a wait is at most {InputLimits.TimeoutSeconds:N0} seconds (30 days)", args[0].Position);
        var timeout = TimeSpan.FromSeconds(limit);
        if (args.Count == 1)
        {
            await Task.Delay(timeout, context.Node.Time, context.Cancellation);
            return CommandResult.Empty;
        }
        if (!args[1].IsWord("for") || args.Count < 3)
            return CommandResult.Error(ErrorCode.CommandStructure, "expected 'for [condition]' after the wait time", args[1].Position);
        var condition = new ArraySegment<Token>(context.Tokens, context.ArgumentStart + 2, args.Count - 2);
        var started = context.Node.Time.GetUtcNow().UtcDateTime;
        Func<bool> check = condition.Count == 1 && context.Node.WaitConditions.Find(condition[0].Text) is { } named
            ? () => named(started)
            : () => context.Node.Conditions.Evaluate(condition);
        var deadline = context.Node.Time.GetTimestamp() + (long)(timeout.TotalSeconds * context.Node.Time.TimestampFrequency);
        while (!check())
        {
            if (context.Node.Time.GetTimestamp() >= deadline) return CommandResult.Empty;
            await Task.Delay(TimeSpan.FromMilliseconds(50), context.Node.Time, context.Cancellation);
        }
        return CommandResult.Empty;
    }

    private static ValueTask<CommandResult> LoopStart(CommandContext context)
    {
        if (ScriptOf(context) is not { } script) return NotInScript("for loop start");
        var options = context.BindWhere();
        var list = options.Required("list").Trim();
        List<string> items;
        if (list.StartsWith('[') && list.EndsWith(']'))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(list);
                items = document.RootElement.EnumerateArray()
                    .Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
            }
            catch (System.Text.Json.JsonException)
            {
                items = ValueParsers.SplitList(list);
            }
        }
        else
        {
            items = ValueParsers.SplitList(list);
        }
        script.StartLoop(options.Str("var", "item"), items, context.Node.Dictionary.Set, WrittenListName(context.Line));
        return Done(CommandResult.Empty);
    }

    /// <summary>The <c>name</c> of <c>list = !name</c> as written (the bound value is already substituted), for <c>!name[+]</c>.</summary>
    private static string? WrittenListName(string line)
    {
        var tokens = Tokenizer.Tokenize(line);
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (!tokens[i].IsWord("list") || !tokens[i + 1].IsOperator("=")) continue;
            var written = tokens[i + 2].Text;
            return VariableReference.TryParse(written, 0, out var reference) && reference.Length == written.Length && !reference.IsEnvironment
                ? reference.Name : null;
        }
        return null;
    }

    private static ValueTask<CommandResult> LoopEnd(CommandContext context) =>
        ScriptOf(context) is { } script ? Done(script.NextLoop(context.Node.Dictionary.Set)) : NotInScript("for loop end");

    private static ValueTask<CommandResult> TraceLevel(CommandContext context)
    {
        var args = context.Arguments;
        if (args.Count < 2 || !args[0].IsOperator("=") || !ValueParsers.TryParseInt(args[1].Text, out var level))
            return AtPosition(context, Math.Min(1, args.Count - 1), "expected 'trace level = [number] [command]'");
        if (args.Count == 2) return AtPosition(context, 1, "missing the command to trace");
        if (!context.Node.Commands.TryMatch(context.Tokens, context.ArgumentStart + 2, out var spec, out _))
            return AtPosition(context, 2, $"unknown command '{context.ArgumentText(2)}' to trace");
        context.Node.Trace.Set(spec.Words, (int)level);
        return Done(CommandResult.Empty);
    }

    /// <summary>A structure error pointing at argument <paramref name="index"/> (the command words when there is none).</summary>
    private static ValueTask<CommandResult> AtPosition(CommandContext context, int index, string detail)
    {
        var args = context.Arguments;
        var position = index >= 0 && index < args.Count ? args[index].Position : context.Tokens[0].Position;
        return Fail(ErrorCode.CommandStructure, detail, position);
    }

    private static ValueTask<CommandResult> SetDebug(CommandContext context)
    {
        var mode = Argument(context).ToLowerInvariant();
        if (mode is not ("on" or "off" or "interactive")) return AtPosition(context, 0, "expected 'set debug on|off'");
        context.Node.Scripts.Debug = mode != "off";
        return Done(CommandResult.Empty);
    }
}
