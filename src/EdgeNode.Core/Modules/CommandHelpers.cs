using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Modules;

/// <summary>Small helpers shared by command handlers.</summary>
public static class CommandHelpers
{
    public static readonly OptionSchema FormatOnly = new(new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    /// <summary>True when the where clause asks for <c>format = json</c>.</summary>
    public static bool WantsJson(CommandContext context) =>
        context.WhereIndex >= 0 && context.BindWhere(context.Spec.Where ?? FormatOnly).Str("format", "table")
            .Equals("json", StringComparison.OrdinalIgnoreCase);

    public static ValueTask<CommandResult> Done(CommandResult result) => ValueTask.FromResult(result);

    public static ValueTask<CommandResult> Done(string text) => ValueTask.FromResult(CommandResult.Ok(text));

    public static ValueTask<CommandResult> Fail(ErrorCode code, string detail) => ValueTask.FromResult(CommandResult.Error(code, detail));

    /// <summary>The text of the arguments exactly as typed in the line (for <c>python</c>), with <c>!var</c> substituted.</summary>
    public static string RawArgumentText(CommandContext context)
    {
        if (context.ArgumentStart >= context.Tokens.Length) return "";
        var first = context.Tokens[context.ArgumentStart];
        var last = context.Tokens[^1];
        var end = Math.Min(context.Line.Length, last.Position + last.SourceText.Length);
        if (first.Position >= end || first.Position < 0) return context.ArgumentText();
        return context.Node.Variables.SubstituteText(context.Line[first.Position..end]);
    }

    /// <summary>Resolves a script path: as given, else relative to the running script's folder.</summary>
    public static string ResolveScriptPath(CommandContext context, string path)
    {
        if (File.Exists(path) || Path.IsPathRooted(path) || context.Script is not { IsInteractive: false } script) return path;
        var relative = Path.Combine(Path.GetDirectoryName(script.Path) ?? "", path);
        return File.Exists(relative) ? relative : path;
    }
}
