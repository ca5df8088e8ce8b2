using System.Text;
using System.Text.RegularExpressions;

namespace EdgeNode.Storage.Postgres;

/// <summary>
/// PostgreSQL names an unaliased expression column after its function (<c>count(*)</c> → <c>count</c>); SQLite, and so
/// EdgeLake's replies, use the expression text. This adds <c>AS "&lt;expression&gt;"</c> to such items of the outer
/// select list so both engines return the same column names (<c>{"count(*)": 3}</c>).
/// </summary>
internal static partial class SelectLabels
{
    [GeneratedRegex(@"(?:\bas\s+(?:""[^""]+""|\w+)|[\w"")\]]\s+(?:""[^""]+""|[A-Za-z_]\w*))\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Alias();

    [GeneratedRegex(@"^(?:[A-Za-z_""][\w.""]*|\*|\w+\.\*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainColumn();

    private static readonly HashSet<string> Modifiers = new(StringComparer.OrdinalIgnoreCase) { "distinct", "all" };

    public static string Add(string sql)
    {
        var select = FindKeyword(sql, 0, "select");
        if (select < 0) return sql;
        var start = select + "select".Length;
        // skip DISTINCT / ALL / DISTINCT ON (...)
        while (true)
        {
            var word = NextWord(sql, start, out var end);
            if (word is null || !Modifiers.Contains(word)) break;
            start = end;
            var next = NextWord(sql, start, out var onEnd);
            if (next?.Equals("on", StringComparison.OrdinalIgnoreCase) == true)
            {
                var open = sql.IndexOf('(', onEnd);
                if (open >= 0) start = Tokens.FindClose(sql, open) + 1;
            }
        }
        var from = FindKeyword(sql, start, "from");
        var stop = from < 0 ? sql.Length : from;
        var builder = new StringBuilder(sql.Length + 32).Append(sql, 0, start);
        var itemStart = start;
        var depth = 0;
        for (var i = start; i <= stop; i++)
        {
            if (i < stop)
            {
                var c = sql[i];
                if (c is '\'' or '"') { i = SqlText.SkipQuoted(sql, i); continue; }
                if (c == '(') { depth++; continue; }
                if (c == ')') { depth--; continue; }
                if (c != ',' || depth != 0) continue;
            }
            var item = sql[itemStart..i];
            var trimmed = item.Trim();
            builder.Append(item.TrimEnd());
            if (trimmed.Length > 0 && !PlainColumn().IsMatch(trimmed) && !Alias().IsMatch(trimmed))
                builder.Append(" AS \"").Append(trimmed.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (i < stop) builder.Append(',');
            else if (item.Length > item.TrimEnd().Length) builder.Append(' ');
            itemStart = i + 1;
        }
        return builder.Append(sql, stop, sql.Length - stop).ToString();
    }

    private static string? NextWord(string sql, int position, out int end)
    {
        var i = position;
        while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
        var start = i;
        while (i < sql.Length && SqlText.IsWordChar(sql[i])) i++;
        end = i;
        return i > start ? sql[start..i] : null;
    }

    /// <summary>Index of a keyword at nesting depth 0, outside quotes, from <paramref name="position"/>; -1 if absent.</summary>
    private static int FindKeyword(string sql, int position, string keyword)
    {
        var depth = 0;
        for (var i = position; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"') { i = SqlText.SkipQuoted(sql, i); continue; }
            if (c == '(') { depth++; continue; }
            if (c == ')') { depth--; continue; }
            if (depth != 0 || !SqlText.IsWordChar(c) || (i > 0 && SqlText.IsWordChar(sql[i - 1]))) continue;
            var end = i;
            while (end < sql.Length && SqlText.IsWordChar(sql[end])) end++;
            if (sql.AsSpan(i, end - i).Equals(keyword, StringComparison.OrdinalIgnoreCase)) return i;
            i = end - 1;
        }
        return -1;
    }

    private static class Tokens
    {
        public static int FindClose(string sql, int open)
        {
            var depth = 0;
            for (var i = open; i < sql.Length; i++)
            {
                if (sql[i] is '\'' or '"') { i = SqlText.SkipQuoted(sql, i); continue; }
                if (sql[i] == '(') depth++;
                else if (sql[i] == ')' && --depth == 0) return i;
            }
            return sql.Length - 1;
        }
    }
}
