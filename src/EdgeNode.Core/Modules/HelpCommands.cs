using System.Text;
using EdgeNode.Core.Commands;
using static EdgeNode.Core.Modules.CommandHelpers;

namespace EdgeNode.Core.Modules;

/// <summary><c>help</c>, <c>help &lt;command&gt;</c> and <c>help index [topic]</c>, all generated from the command table.</summary>
internal static class HelpCommands
{
    public static void Register(Node node)
    {
        node.AddCommand(new CommandSpec("help", "List the commands, or explain one: usage, explanation, examples.", Help)
        {
            Usage = "help [command]",
            Examples = ["help", "help get processes", "help run operator"],
            Http = HttpRule.Get,
            Topics = ["help"],
        });
        node.AddCommand(new CommandSpec("help index", "List the help topics, or the commands of a topic.", Index)
        {
            Usage = "help index [topic]",
            Examples = ["help index", "help index script"],
            Http = HttpRule.Get,
            Topics = ["help"],
        });
    }

    private static ValueTask<CommandResult> Help(CommandContext context)
    {
        var table = context.Node.Commands;
        if (context.Arguments.Count == 0)
            return Done(Lines(table.All.Select(s => s.UsageText).Distinct().Order(StringComparer.Ordinal)));
        var tokens = context.Arguments.ToArray();
        if (!table.TryMatch(tokens, 0, out var spec, out var words) || (words < tokens.Length && spec.Words == "get"))
        {
            var prefix = string.Join(' ', tokens.Select(t => t.Text));
            var related = table.StartingWith(prefix).ToList();
            if (related.Count == 0) return Fail(ErrorCode.CommandStructure, $"no command matches '{prefix}'");
            return Done(Lines(related.Select(s => s.UsageText)));
        }
        var text = Describe(spec);
        // longer commands under the same words (another spec may share this one's usage, e.g. a second form: not related)
        var longer = table.StartingWith(spec.Words + " ").Select(s => s.UsageText)
            .Where(u => !string.Equals(u, spec.UsageText, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (words == tokens.Length && longer.Count > 0)
            text += "\r\nRelated commands:\r\n" + Lines(longer.Select(u => "\t" + u));
        return Done(text);
    }

    /// <summary>Help text uses CRLF line ends, as EdgeLake's does.</summary>
    private static string Lines(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    public static string Describe(CommandSpec spec)
    {
        var builder = new StringBuilder();
        builder.Append("Usage:\n\t").Append(spec.UsageText).Append("\n\n");
        builder.Append("Explanation:\n\t").Append(spec.Explanation ?? spec.Summary).Append('\n');
        if (spec.Where is { Options.Count: > 0 } schema)
        {
            builder.Append("\nOptions:\n");
            foreach (var option in schema.Options)
            {
                builder.Append('\t').Append(option.Name).Append(" (").Append(option.Type.ToString().ToLowerInvariant());
                if (option.Required) builder.Append(", required");
                if (option.Default is not null) builder.Append(", default ").Append(option.Default);
                builder.Append(')');
                if (option.Summary.Length > 0) builder.Append(" - ").Append(option.Summary);
                builder.Append('\n');
            }
        }
        if (spec.Examples.Count > 0)
        {
            builder.Append("\nExamples:\n");
            foreach (var example in spec.Examples) builder.Append('\t').Append(example).Append('\n');
        }
        if (spec.Topics.Count > 0)
            builder.Append("\nIndex:\n\t[").Append(string.Join(", ", spec.Topics.Select(t => $"'{t}'"))).Append("]\n");
        return builder.ToString().Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    private static ValueTask<CommandResult> Index(CommandContext context)
    {
        var table = context.Node.Commands;
        if (context.Arguments.Count == 0)
            return Done(Lines(table.All.SelectMany(s => s.Topics).Distinct().Order(StringComparer.Ordinal)));
        var topic = string.Join(' ', context.Arguments.Select(t => t.Text));
        var commands = table.All.Where(s => s.Topics.Contains(topic, StringComparer.OrdinalIgnoreCase))
            .Select(s => s.UsageText).Order(StringComparer.Ordinal).ToList();
        return commands.Count == 0
            ? Fail(ErrorCode.CommandStructure, $"no commands under the topic '{topic}'")
            : Done(Lines(commands));
    }
}
