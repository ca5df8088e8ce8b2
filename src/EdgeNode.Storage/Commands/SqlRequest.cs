using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Storage.Commands;

/// <summary>
/// A parsed <c>sql &lt;dbms&gt; [key = value [and key = value ...]] &lt;statement&gt;</c>. The statement is the quoted
/// text, or the remaining words. Options the distributed query uses (include, extend, timezone...) are accepted and
/// have no effect on a local query.
/// </summary>
internal sealed record SqlRequest(string Dbms, QueryOutputFormat Format, bool Statistics, string Statement)
{
    private static readonly HashSet<string> DistributedOptions = new(StringComparer.Ordinal)
    {
        "timezone", "include", "extend", "nodes", "max_time", "dest", "file", "table", "drop", "test", "source", "title",
        "subset", "timeout", "committed", "info",
    };

    public static SqlRequest Parse(IReadOnlyList<Token> arguments)
    {
        if (arguments.Count == 0) throw new CommandSyntaxException("missing DBMS name: sql [dbms] [options] \"[statement]\"", 0);
        var dbms = arguments[0].Text;
        var format = QueryOutputFormat.Json;
        var statistics = true;
        var i = 1;
        while (i + 1 < arguments.Count && arguments[i + 1].IsOperator("=") && arguments[i].Kind == TokenKind.Word)
        {
            if (i + 2 >= arguments.Count)
                throw new CommandSyntaxException($"missing value for '{arguments[i].Text}'", arguments[i + 1].Position);
            var key = arguments[i].Text.ToLowerInvariant();
            var value = arguments[i + 2];
            switch (key)
            {
                case "format":
                    format = value.Text.ToLowerInvariant() switch
                    {
                        "json" => QueryOutputFormat.Json,
                        "table" => QueryOutputFormat.Table,
                        "json:list" => QueryOutputFormat.JsonList,
                        "json:output" => QueryOutputFormat.JsonOutput,
                        _ => throw new CommandSyntaxException($"format '{value.Text}' at position {value.Position}: expected json, table, json:list or json:output",
                            value.Position, ErrorCode.WrongOptionType),
                    };
                    break;
                case "stat":
                    if (!ValueParsers.TryParseBool(value.Text, out statistics))
                        throw new CommandSyntaxException($"stat '{value.Text}' at position {value.Position}: expected true or false",
                            value.Position, ErrorCode.WrongOptionType);
                    break;
                default:
                    if (!DistributedOptions.Contains(key))
                        throw new CommandSyntaxException($"unknown option '{key}' at position {arguments[i].Position}; expected one of: format, stat, " +
                                                         string.Join(", ", DistributedOptions.Order(StringComparer.Ordinal)),
                            arguments[i].Position, ErrorCode.WrongOption);
                    break;
            }
            i += 3;
            if (i < arguments.Count && arguments[i].IsWord("and") && i + 2 < arguments.Count && arguments[i + 2].IsOperator("=")) i++;
        }
        if (i >= arguments.Count)
            throw new CommandSyntaxException("missing SQL statement: sql [dbms] [options] \"[statement]\"", 0);
        var statement = arguments.Count - i == 1 && arguments[i].Kind == TokenKind.Quoted
            ? arguments[i].Text
            : string.Join(' ', arguments.Skip(i).Select(t => t.SourceText));
        return new SqlRequest(dbms, format, statistics, statement.Replace('\t', ' ').Trim().TrimEnd(';'));
    }
}
