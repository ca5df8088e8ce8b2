using System.Globalization;
using EdgeNode.Core.Commands;

namespace EdgeNode.Metadata.Query;

/// <summary>
/// The <c>bring</c> part of <c>blockchain get</c> / <c>from !var bring</c>: the variant words after the dot
/// (<c>bring.table.sort(0,1)</c>, <c>bring.unique.json</c>...), the keys and literals, and <c>separator = x</c>.
/// </summary>
internal sealed class BringSpec
{
    public static readonly IReadOnlySet<string> Variants = new HashSet<string>(StringComparer.Ordinal)
    {
        "first", "recent", "last", "unique", "json", "list", "table", "count", "null", "ip_port", "min", "max",
        "children", "parents", "paths", "extend",
    };

    public HashSet<string> Modifiers { get; } = new(StringComparer.Ordinal);

    public List<int> SortColumns { get; } = [];

    public List<BringItem> Items { get; } = [];

    public string? Separator { get; private set; }

    public bool Has(string modifier) => Modifiers.Contains(modifier);

    public bool HasKeys => Items.Exists(i => i.Key is not null);

    public static bool IsBringWord(Token token) =>
        token.Kind == TokenKind.Word && (token.Text.Equals("bring", StringComparison.OrdinalIgnoreCase)
                                         || token.Text.StartsWith("bring.", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses tokens [start, end) where tokens[start] is the <c>bring...</c> word.</summary>
    public static BringSpec Parse(IReadOnlyList<Token> tokens, int start, int end)
    {
        var spec = new BringSpec();
        var word = tokens[start];
        spec.ParseVariants(word.Text, word.Position);
        for (var i = start + 1; i < end; i++)
        {
            var token = tokens[i];
            if (token.IsWord("separator") && i + 1 < end && tokens[i + 1].IsOperator("="))
            {
                if (i + 2 >= end)
                    throw new CommandSyntaxException($"missing value after 'separator =' at position {token.Position}", token.Position);
                spec.Separator = Unescape(LiteralText(tokens[i + 2]));
                i += 2;
                continue;
            }
            if (token.Kind is TokenKind.Word or TokenKind.Brackets && PolicyPath.LooksLikePath(token.Text))
                spec.Items.Add(new BringItem(PolicyPath.Parse(token.Text, token.Position), null));
            else
                spec.Items.Add(new BringItem(null, LiteralText(token)));
        }
        return spec;
    }

    private void ParseVariants(string word, int position)
    {
        var rest = word.Length > 5 ? word[6..] : "";
        while (rest.Length > 0)
        {
            string part;
            if (rest.StartsWith("sort(", StringComparison.OrdinalIgnoreCase))
            {
                var close = rest.IndexOf(')', StringComparison.Ordinal);
                if (close < 0) throw new CommandSyntaxException($"'{word}' at position {position}: missing ')' after sort(", position);
                foreach (var column in rest[5..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        throw new CommandSyntaxException($"'{word}' at position {position}: sort column '{column}' is not a column number", position);
                    SortColumns.Add(index);
                }
                part = "sort";
                rest = rest[(close + 1)..].TrimStart('.');
            }
            else
            {
                var dot = rest.IndexOf('.', StringComparison.Ordinal);
                part = (dot < 0 ? rest : rest[..dot]).ToLowerInvariant();
                rest = dot < 0 ? "" : rest[(dot + 1)..];
                if (!Variants.Contains(part))
                    throw new CommandSyntaxException(
                        $"unknown bring variant '{part}' in '{word}' at position {position}; expected one of: {string.Join(", ", Variants)}, table.sort(..)",
                        position);
            }
            Modifiers.Add(part == "last" ? "recent" : part); // EdgeLake's alias (utils_json.bring_types_)
        }
        if (Modifiers.Contains("sort") && !Modifiers.Contains("table"))
            throw new CommandSyntaxException($"'{word}' at position {position}: sort(..) applies to bring.table", position);
    }

    private static string LiteralText(Token token) =>
        token.Kind == TokenKind.SingleQuoted && token.Text.Length >= 2 ? token.Text[1..^1] : token.Text;

    private static string Unescape(string text) =>
        text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);
}
