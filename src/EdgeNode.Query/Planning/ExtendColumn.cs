using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Planning;

/// <summary>
/// A column added to every row by <c>extend = (...)</c> (SPEC §12): <c>@ip</c>, <c>@port</c>, <c>@dbms_name</c>,
/// <c>@table_name</c>, <c>@node_name</c> describe the operator and table a row comes from; <c>+key</c> is a value of the
/// operator's dictionary (<c>+node_name</c>); <c>!var</c> (or any other word) is a constant of the query node. Each
/// may be renamed with <c>as</c>. Operator columns are filled by the operator, constants by the query node. Every column
/// is text, as in EdgeLake (<c>"port": "32148"</c>), unless typed with <c>.int</c> (<c>@port.int</c>).
/// </summary>
internal sealed record ExtendColumn(string Source, string Name, ColumnType Type)
{
    private static readonly Dictionary<string, string> Attributes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ip"] = "ip", ["port"] = "port", ["dbms_name"] = "dbms_name", ["dbms"] = "dbms_name", ["table_name"] = "table_name",
        ["table"] = "table_name", ["node_name"] = "node_name",
    };

    /// <summary>True for columns the operator fills (<c>@attribute</c>, <c>+dictionary key</c>).</summary>
    public bool FromOperator => Source.Length > 1 && Source[0] is '@' or '+';

    /// <summary>How the item is written in the <c>extend</c> option sent to operators.</summary>
    public string OperatorText => Name == DefaultName(Source) ? Source : $"{Source} as {Name}";

    /// <summary>
    /// Parses <c>(@ip, @port, +node_name, !var as x)</c>. <paramref name="variable"/> resolves <c>!var</c> on this node
    /// (null when not declared). Throws <see cref="Sql.SqlSyntaxException"/> for an unknown attribute or variable.
    /// </summary>
    public static List<ExtendColumn> ParseList(string text, Func<string, string?> variable)
    {
        var inner = text.Trim();
        if (inner.Length >= 2 && inner[0] == '(' && inner[^1] == ')') inner = inner[1..^1];
        var columns = new List<ExtendColumn>();
        foreach (var raw in inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string source;
            string? alias = null;
            if (parts.Length == 3 && parts[1].Equals("as", StringComparison.OrdinalIgnoreCase)) (source, alias) = (parts[0], parts[2]);
            else if (parts.Length == 1) source = parts[0];
            else throw new Sql.SqlSyntaxException($"extend item '{raw}': expected '@attribute', '+key' or '!variable', optionally followed by 'as name'");
            var type = ColumnType.Varchar;
            if (source.EndsWith(".str", StringComparison.OrdinalIgnoreCase)) source = source[..^4];
            else if (source.EndsWith(".int", StringComparison.OrdinalIgnoreCase))
            {
                source = source[..^4];
                type = ColumnType.Integer;
            }
            if (source[0] == '@')
            {
                if (!Attributes.TryGetValue(source[1..], out var attribute))
                    throw new Sql.SqlSyntaxException($"extend item '{source}' is unknown: use @ip, @port, @dbms_name, @table_name or @node_name");
                source = "@" + attribute;
            }
            else if (source[0] == '!')
            {
                var value = variable(source[1..]) ?? throw new Sql.SqlSyntaxException($"extend item '{source}': the variable is not declared");
                alias ??= source[1..];
                source = value;
            }
            columns.Add(new ExtendColumn(source, alias ?? DefaultName(source), type));
        }
        return columns;
    }

    private static string DefaultName(string source) => source.Length > 1 && source[0] is '@' or '+' ? source[1..] : source;
}
