using System.Text;

namespace EdgeNode.Storage;

/// <summary>
/// Lexical helpers over SQL text that respect string literals (<c>'...'</c>), quoted identifiers (<c>"..."</c>) and
/// comments: splitting statements, finding the first keyword, walking identifiers.
/// </summary>
internal static class SqlText
{
    /// <summary>Splits on <c>;</c> outside quotes; empty statements are dropped.</summary>
    public static List<string> SplitStatements(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"') i = SkipQuoted(sql, i);
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') i = SkipLine(sql, i);
            else if (c == ';')
            {
                Add(sql[start..i]);
                start = i + 1;
            }
        }
        Add(sql[start..]);
        return statements;

        void Add(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length > 0) statements.Add(trimmed);
        }
    }

    /// <summary>The first word of a statement, lowercased (<c>select</c>, <c>with</c>, <c>insert</c>...).</summary>
    public static string FirstKeyword(string sql)
    {
        var i = 0;
        while (i < sql.Length && (char.IsWhiteSpace(sql[i]) || sql[i] == '(')) i++;
        var start = i;
        while (i < sql.Length && char.IsAsciiLetter(sql[i])) i++;
        return sql[start..i].ToLowerInvariant();
    }

    /// <summary>The identifier that follows the first unquoted <paramref name="keyword"/>, or null.</summary>
    public static string? WordAfter(string sql, string keyword)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"') { i = SkipQuoted(sql, i) + 1; continue; }
            if (!IsWordChar(c)) { i++; continue; }
            var start = i;
            while (i < sql.Length && IsWordChar(sql[i])) i++;
            if (!sql.AsSpan(start, i - start).Equals(keyword, StringComparison.OrdinalIgnoreCase)) continue;
            while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
            var wordStart = i;
            while (i < sql.Length && IsWordChar(sql[i])) i++;
            return i > wordStart ? sql[wordStart..i] : null;
        }
        return null;
    }

    /// <summary>True for statements that return rows.</summary>
    public static bool ReturnsRows(string sql) =>
        FirstKeyword(sql) is "select" or "with" or "values" or "pragma" or "explain" or "show" or "table";

    /// <summary>Index of the quote that closes the literal starting at <paramref name="open"/> (doubled quotes escape).</summary>
    public static int SkipQuoted(string sql, int open)
    {
        var quote = sql[open];
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (sql[i] != quote) continue;
            if (i + 1 < sql.Length && sql[i + 1] == quote) { i++; continue; }
            return i;
        }
        return sql.Length - 1;
    }

    private static int SkipLine(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return end < 0 ? sql.Length - 1 : end;
    }

    /// <summary>Replaces whole-word, unquoted occurrences of <paramref name="word"/> (case-insensitive).</summary>
    public static string ReplaceWord(string sql, string word, string replacement)
    {
        var builder = new StringBuilder(sql.Length + 16);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = SkipQuoted(sql, i);
                builder.Append(sql, i, end - i + 1);
                i = end + 1;
                continue;
            }
            if (IsWordChar(c))
            {
                var start = i;
                while (i < sql.Length && IsWordChar(sql[i])) i++;
                var token = sql.AsSpan(start, i - start);
                builder.Append(token.Equals(word, StringComparison.OrdinalIgnoreCase) ? replacement : token);
                continue;
            }
            builder.Append(c);
            i++;
        }
        return builder.ToString();
    }

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';

    /// <summary>True for a plain SQL identifier (letters, digits, underscore; not starting with a digit).</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
