using System.Text;

namespace EdgeNode.Query.Sql;

/// <summary>
/// Splits a SQL statement into tokens on demand. Comments (<c>-- ...</c>, <c>/* ... */</c>) are skipped. The parser can
/// move <see cref="Position"/> to read raw text (the argument of an output cast such as <c>::format(:,)</c>).
/// </summary>
internal sealed class SqlLexer(string text)
{
    public string Text => text;

    public int Position { get; set; }

    public SqlToken Next()
    {
        SkipSpaceAndComments();
        var start = Position;
        if (start >= text.Length) return new SqlToken(SqlTokenKind.End, "", start, start);
        var c = text[start];
        if (char.IsAsciiLetter(c) || c == '_' || c > 127 && char.IsLetter(c))
        {
            var i = start + 1;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '$' || text[i] > 127 && char.IsLetterOrDigit(text[i]))) i++;
            return Token(SqlTokenKind.Identifier, text[start..i], start, i);
        }
        if (char.IsAsciiDigit(c) || c == '.' && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1])) return Number(start);
        if (c == '\'') return Quoted(start, '\'', SqlTokenKind.String);
        if (c is '"' or '`') return Quoted(start, c, SqlTokenKind.QuotedIdentifier);
        var two = start + 1 < text.Length ? text.AsSpan(start, 2) : default;
        if (two is "::" or "<=" or ">=" or "<>" or "!=" or "||" or "==")
            return Token(SqlTokenKind.Symbol, two switch { "!=" => "<>", "==" => "=", _ => two.ToString() }, start, start + 2);
        if ("(),.;+-*/%=<>[]".Contains(c, StringComparison.Ordinal)) return Token(SqlTokenKind.Symbol, c.ToString(), start, start + 1);
        throw new SqlSyntaxException($"unexpected character '{c}' at position {start}");
    }

    /// <summary>
    /// The raw text after an opening parenthesis up to its matching closing one (quotes and nested parentheses honoured);
    /// the lexer continues after the closing parenthesis.
    /// </summary>
    public string ReadRawUntilClose(int afterOpen)
    {
        var depth = 1;
        for (var i = afterOpen; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                i = SkipQuoted(i);
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0)
            {
                Position = i + 1;
                return text[afterOpen..i].Trim();
            }
        }
        throw new SqlSyntaxException($"unbalanced '(' at position {afterOpen - 1}");
    }

    private SqlToken Token(SqlTokenKind kind, string value, int start, int end)
    {
        Position = end;
        return new SqlToken(kind, value, start, end);
    }

    private SqlToken Number(int start)
    {
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-') exponent++;
            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                i = exponent;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
        }
        return Token(SqlTokenKind.Number, text[start..i], start, i);
    }

    private SqlToken Quoted(int start, char quote, SqlTokenKind kind)
    {
        var end = SkipQuoted(start);
        if (end >= text.Length || text[end] != quote || end == start)
            throw new SqlSyntaxException($"unterminated {quote}...{quote} starting at position {start}");
        var inner = text.AsSpan(start + 1, end - start - 1);
        var doubled = new string(quote, 2);
        var value = inner.Contains(doubled, StringComparison.Ordinal)
            ? new StringBuilder().Append(inner).Replace(doubled, quote.ToString()).ToString()
            : inner.ToString();
        return Token(kind, value, start, end + 1);
    }

    /// <summary>Index of the quote closing the one at <paramref name="open"/> (a doubled quote escapes it); the text length when unterminated.</summary>
    private int SkipQuoted(int open)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] != quote) continue;
            if (i + 1 < text.Length && text[i + 1] == quote)
            {
                i++;
                continue;
            }
            return i;
        }
        return text.Length;
    }

    private void SkipSpaceAndComments()
    {
        while (Position < text.Length)
        {
            var c = text[Position];
            if (char.IsWhiteSpace(c))
            {
                Position++;
            }
            else if (c == '-' && Position + 1 < text.Length && text[Position + 1] == '-')
            {
                var end = text.IndexOf('\n', Position);
                Position = end < 0 ? text.Length : end + 1;
            }
            else if (c == '/' && Position + 1 < text.Length && text[Position + 1] == '*')
            {
                var end = text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                Position = end < 0 ? text.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
