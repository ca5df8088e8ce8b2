using System.Text;
using EdgeNode.Core.Commands;

namespace EdgeNode.Core.Modules;

/// <summary>Generates <c>docs/commands.md</c> from the command table (<c>edgenode --commands-doc &gt; docs/commands.md</c>).</summary>
public static class CommandDocs
{
    public static string Markdown(CommandTable table)
    {
        var builder = new StringBuilder();
        builder.Append("# EdgeNode commands\n\n");
        builder.Append("Generated from the command table by `edgenode --commands-doc`; do not edit by hand.\n");
        builder.Append("Every command also answers `help <command>` at the prompt or over REST.\n\n");
        foreach (var group in table.All.GroupBy(s => s.Module).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append("## ").Append(group.Key.Length == 0 ? "Other" : group.Key).Append("\n\n");
            foreach (var spec in group.OrderBy(s => s.Words, StringComparer.Ordinal))
            {
                builder.Append("### `").Append(spec.Words).Append("`\n\n");
                builder.Append(spec.Explanation ?? spec.Summary).Append("\n\n");
                builder.Append("Usage: `").Append(spec.UsageText).Append("`\n\n");
                if (spec.Where is { Options.Count: > 0 } schema)
                {
                    builder.Append("| option | type | default | meaning |\n|---|---|---|---|\n");
                    foreach (var option in schema.Options)
                        builder.Append("| `").Append(option.Name).Append("` | ").Append(option.Type.ToString().ToLowerInvariant())
                            .Append(option.Required ? ", required" : "").Append(" | ")
                            .Append(option.Default is null ? "" : "`" + option.Default + "`").Append(" | ")
                            .Append(option.Summary.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
                    builder.Append('\n');
                }
                if (spec.Examples.Count > 0)
                {
                    builder.Append("```\n");
                    foreach (var example in spec.Examples) builder.Append(example).Append('\n');
                    builder.Append("```\n\n");
                }
            }
        }
        return builder.ToString();
    }
}
