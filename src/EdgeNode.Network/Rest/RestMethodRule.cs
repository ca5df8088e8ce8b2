using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Which HTTP method may carry a command (SPEC §4), from each command's <see cref="CommandSpec.Http"/>: read-only verbs
/// (<c>get</c>, <c>help</c>, <c>blockchain get</c>, ...) by GET only, <c>sql</c>, <c>print</c>, <c>wait</c>,
/// <c>subprocess</c> by either, every other command by POST. An assignment changes the node, so it needs POST.
/// <c>run client (dest) &lt;command&gt;</c> follows the rule of the command it sends.
/// </summary>
internal static class RestMethodRule
{
    private const string RunClient = "run client";

    /// <summary>Null when <paramref name="command"/> may be sent with this method, else the reason for the 400 reply.</summary>
    public static string? Check(CommandTable commands, string command, bool isGet)
    {
        List<Token> tokens;
        try
        {
            tokens = Tokenizer.Tokenize(command);
        }
        catch (CommandSyntaxException)
        {
            return null; // the dispatcher reports the structure error with its position
        }
        foreach (var part in Tokenizer.SplitCommands(tokens))
        {
            if (part.Count == 0) continue;
            if (part.Count >= 2 && part[1].IsOperator("="))
            {
                if (isGet) return $"'{part[0].Text} = ...' assigns a variable: use POST";
                continue;
            }
            if (!commands.TryMatch(part, 0, out var spec, out var words)) continue; // unknown: the dispatcher answers
            if (spec.Words == RunClient && part.Count > words + 1 && part[words].Kind == TokenKind.Parens)
            {
                if (Check(commands, string.Join(' ', part.Skip(words + 1).Select(t => t.SourceText)), isGet) is { } inner) return inner;
                continue;
            }
            var allowed = isGet ? spec.Http.HasFlag(HttpRule.Get) : spec.Http.HasFlag(HttpRule.Post);
            if (!allowed)
                return isGet
                    ? $"'{spec.Words}' changes the node: use POST"
                    : $"'{spec.Words}' is a read-only command: use GET";
        }
        return null;
    }
}
