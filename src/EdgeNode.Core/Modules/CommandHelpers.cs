using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Modules;

/// <summary>Small helpers shared by command handlers.</summary>
public static class CommandHelpers
{
    public static readonly OptionSchema FormatOnly = new(new OptionSpec("format", OptionType.Str, "table or json") { Default = "table" });

    /// <summary>True when the where clause asks for <c>format = json</c>; a format other than table or json is an error.</summary>
    public static bool WantsJson(CommandContext context)
    {
        if (context.WhereIndex < 0) return false;
        var format = context.BindWhere(context.Spec.Where ?? FormatOnly).Str("format", "table");
        if (format.Equals("json", StringComparison.OrdinalIgnoreCase)) return true;
        if (format.Equals("table", StringComparison.OrdinalIgnoreCase)) return false;
        var tokens = context.Tokens;
        var position = -1;
        for (var i = context.ArgumentStart + context.WhereIndex + 1; i + 2 < tokens.Length && position < 0; i++)
            if (tokens[i].IsWord("format") && tokens[i + 1].IsOperator("=")) position = tokens[i + 2].Position;
        throw new CommandSyntaxException($"option 'format' expects table or json, got '{format}' at position {position}", position,
            ErrorCode.WrongOptionType);
    }

    public static ValueTask<CommandResult> Done(CommandResult result) => ValueTask.FromResult(result);

    public static ValueTask<CommandResult> Done(string text) => ValueTask.FromResult(CommandResult.Ok(text));

    public static ValueTask<CommandResult> Fail(ErrorCode code, string detail) => ValueTask.FromResult(CommandResult.Error(code, detail));

    /// <summary>An error at <paramref name="position"/> of the line; the position is named in the text the user sees.</summary>
    public static ValueTask<CommandResult> Fail(ErrorCode code, string detail, int position) =>
        ValueTask.FromResult(CommandResult.Error(code, position >= 0 ? $"{detail} at position {position}" : detail, position));

    /// <summary>Resolves a script path: as given, else relative to the running script's folder.</summary>
    public static string ResolveScriptPath(CommandContext context, string path)
    {
        if (File.Exists(path) || Path.IsPathRooted(path) || context.Script is not { IsInteractive: false } script) return path;
        var relative = Path.Combine(Path.GetDirectoryName(script.Path) ?? "", path);
        return File.Exists(relative) ? relative : path;
    }
}
