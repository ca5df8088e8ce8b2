using System.Text.Json.Nodes;
using EdgeNode.Core.Commands;
using EdgeNode.Metadata.Policies;

namespace EdgeNode.Metadata.Commands;

/// <summary>Reads a policy given to a command (inline JSON, or <c>!var</c> already substituted) and names what is wrong with it.</summary>
internal static class PolicyArguments
{
    /// <summary>Parses a policy; throws a <see cref="CommandSyntaxException"/> (error 28) naming <paramref name="what"/> when it is not a policy.</summary>
    public static JsonObject Parse(string text, string what, int position)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw new CommandSyntaxException($"{what} is empty", position, ErrorCode.JsonError);
        if (trimmed[0] == '!' || trimmed[0] == '$')
            throw new CommandSyntaxException($"{what}: variable '{trimmed}' is not declared", position, ErrorCode.UndefinedVariable);
        if (!PolicyJson.TryParseObject(trimmed, out var obj, out var error))
            throw new CommandSyntaxException($"{what} is not valid JSON: {error}", position, ErrorCode.JsonError);
        if (obj!.Count != 1 || obj.First().Value is not JsonObject)
            throw new CommandSyntaxException(
                $"{what} must be a policy: one root key (the policy type) whose value is an object, e.g. {{\"operator\": {{...}}}}",
                position, ErrorCode.JsonError);
        return obj;
    }

    /// <summary>The text of the arguments from <paramref name="from"/> (a positional policy written with spaces).</summary>
    public static string Text(CommandContext context, int from, int to) =>
        string.Join(' ', context.Arguments.Skip(from).Take(to - from).Select(t => t.Text));
}
