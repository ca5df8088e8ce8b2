namespace EdgeNode.Core.Commands;

/// <summary>
/// Splits a command line into words the way EdgeLake does (SPEC §1): whitespace separates words; <c>= + == != &lt; &lt;= &gt; &gt;=</c>
/// are always tokens of their own; <c>"..."</c> is one word with the quotes stripped; <c>'...'</c> and <c>`...`</c> keep
/// their quotes; balanced <c>( ) { } [ ]</c> groups are one word with the brackets kept; <c>#</c> at the start of a word
/// starts a comment; a standalone <c>&amp;</c> separates two commands.
/// </summary>
public static class Tokenizer
{
    public static List<Token> Tokenize(string line)
    {
        var tokens = new List<Token>(EstimateCount(line));
        TokenizeInto(line, tokens);
        return tokens;
    }

    [ThreadStatic] private static List<Token>? _scratch;

    /// <summary>
    /// The tokens as an exact-size array taken from <see cref="TokenArrayPool"/> (the dispatcher's hot path: it gives the
    /// array back when the command is finished; a caller that does not simply keeps it). The list they are collected in
    /// is reused by the thread.
    /// </summary>
    internal static Token[] TokenizeToArray(string line)
    {
        var scratch = _scratch ??= new List<Token>(64);
        scratch.Clear();
        TokenizeInto(line, scratch);
        var tokens = TokenArrayPool.Rent(scratch.Count);
        scratch.CopyTo(tokens);
        if (scratch.Capacity > 1024) _scratch = null; // a huge line must not stay pinned to the thread
        return tokens;
    }

    private static void TokenizeInto(string line, List<Token> tokens)
    {
        var i = 0;
        var n = line.Length;
        while (i < n)
        {
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i >= n) break;
            var c = line[i];
            if (c == '#') break;
            var opLength = OperatorLength(line, i);
            if (opLength > 0)
            {
                tokens.Add(new Token(Operator(line, i, opLength), TokenKind.Operator, i));
                i += opLength;
                continue;
            }
            if (c == '"')
            {
                var end = FindQuoteEnd(line, i);
                tokens.Add(new Token(Unescape(line, i + 1, end), TokenKind.Quoted, i));
                i = end + 1;
                continue;
            }
            tokens.Add(ReadWord(line, ref i));
        }
    }

    /// <summary>Splits a token list on standalone <c>&amp;</c> operators into separate commands.</summary>
    public static List<List<Token>> SplitCommands(IReadOnlyCollection<Token> tokens)
    {
        var commands = new List<List<Token>>(1);
        var current = new List<Token>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token.IsOperator("&"))
            {
                if (current.Count > 0) commands.Add(current);
                current = new List<Token>();
                continue;
            }
            current.Add(token);
        }
        if (current.Count > 0 || commands.Count == 0) commands.Add(current);
        return commands;
    }

    /// <summary>Characters that end or change a plain word; everything else is skipped with one vectorized search.</summary>
    private static readonly System.Buffers.SearchValues<char> WordStops =
        System.Buffers.SearchValues.Create(
            " \t\r\n\f\v=+!<>()[]{}'`&\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000");

    /// <summary>The ASCII characters of <see cref="WordStops"/>, looked up one by one for the first characters of a word.</summary>
    private static readonly bool[] AsciiStops = Enumerable.Range(0, 128).Select(c => WordStops.Contains((char)c)).ToArray();

    /// <summary>
    /// Index of the first character at or after <paramref name="from"/> that ends or changes a word, or -1. Most words
    /// are short: their first characters are checked one by one, which costs less than starting a vectorized search;
    /// a long word (an id, a JSON value) is searched vectorized past them.
    /// </summary>
    private static int NextStop(string line, int from)
    {
        var end = Math.Min(line.Length, from + 16);
        for (var i = from; i < end; i++)
        {
            var c = line[i];
            if (c < 128 ? AsciiStops[c] : WordStops.Contains(c)) return i;
        }
        if (end == line.Length) return -1;
        var skip = line.AsSpan(end).IndexOfAny(WordStops);
        return skip < 0 ? -1 : end + skip;
    }

    private static Token ReadWord(string line, ref int i)
    {
        var start = i;
        var n = line.Length;
        var groups = 0;
        var quoted = false;
        while (i < n)
        {
            i = NextStop(line, i);
            if (i < 0) { i = n; break; }
            var c = line[i];
            if (char.IsWhiteSpace(c)) break;
            if (c is '(' or '{' or '[')
            {
                i = FindGroupEnd(line, i) + 1;
                groups++;
                continue;
            }
            if (c is ')' or '}' or ']')
                throw new CommandSyntaxException($"unbalanced '{c}' at position {i}", i);
            if (c is '\'' or '`' && i == start)
            {
                i = FindQuoteEnd(line, i) + 1;
                quoted = true;
                continue;
            }
            if (i > start && OperatorLength(line, i) > 0) break;
            i++;
        }
        var text = Common(line, start, i - start) ?? WordCache.Shared.Get(line.AsSpan(start, i - start));
        if (text == "&") return new Token(text, TokenKind.Operator, start);
        var kind = TokenKind.Word;
        if (quoted && i - start >= 2 && text[^1] == text[0]) kind = TokenKind.SingleQuoted;
        else if (groups == 1 && IsSingleGroup(line, start, i)) kind = text[0] switch
        {
            '(' => TokenKind.Parens,
            '{' => TokenKind.Braces,
            _ => TokenKind.Brackets,
        };
        return new Token(text, kind, start);
    }

    /// <summary>A capacity close to the token count: words plus the operators that split them.</summary>
    private static int EstimateCount(string line)
    {
        var count = 4;
        foreach (var c in line)
            if (c is ' ' or '=') count++;
        return count;
    }

    /// <summary>Operators are a handful of fixed strings: reuse them instead of allocating each time.</summary>
    private static string Operator(string line, int i, int length) => (line[i], length) switch
    {
        ('=', 1) => "=",
        ('=', 2) => "==",
        ('+', _) => "+",
        ('!', _) => "!=",
        ('<', 1) => "<",
        ('<', 2) => "<=",
        ('>', 1) => ">",
        _ => ">=",
    };

    /// <summary>The words every where clause repeats, shared instead of allocated per line.</summary>
    private static string? Common(string line, int start, int length)
    {
        var word = line.AsSpan(start, length);
        return word switch
        {
            "and" => "and",
            "where" => "where",
            "true" => "true",
            "false" => "false",
            "run" => "run",
            "get" => "get",
            "set" => "set",
            _ => null,
        };
    }

    private static bool IsSingleGroup(string line, int start, int end) =>
        line[start] is '(' or '{' or '[' && FindGroupEnd(line, start) == end - 1;

    /// <summary>Length of the operator at <paramref name="i"/>, or 0. <c>!x</c> and <c>!!x</c> are variables, not operators.</summary>
    private static int OperatorLength(string line, int i)
    {
        var c = line[i];
        var next = i + 1 < line.Length ? line[i + 1] : '\0';
        return c switch
        {
            '=' => next == '=' ? 2 : 1,
            '+' => 1,
            '!' => next == '=' ? 2 : 0,
            '<' or '>' => next == '=' ? 2 : 1,
            _ => 0,
        };
    }

    /// <summary>Index of the closing bracket that balances the one at <paramref name="open"/>; quotes inside are honoured.</summary>
    public static int FindGroupEnd(string line, int open)
    {
        Span<char> stack = stackalloc char[64];
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '(' or '{' or '[':
                    if (depth == stack.Length)
                        throw new CommandSyntaxException($"brackets nested too deep at position {i}", i);
                    stack[depth++] = c switch { '(' => ')', '{' => '}', _ => ']' };
                    break;
                case ')' or '}' or ']':
                    if (stack[depth - 1] != c)
                        throw new CommandSyntaxException($"'{c}' at position {i} does not close '{Opener(stack[depth - 1])}'", i);
                    if (--depth == 0) return i;
                    break;
                case '"':
                    i = FindQuoteEnd(line, i);
                    break;
                case '\'' or '`' when i > 0 && IsQuoteBoundary(line[i - 1]):
                    i = FindQuoteEnd(line, i);
                    break;
            }
        }
        throw new CommandSyntaxException($"unbalanced '{line[open]}' at position {open}", open);
    }

    private static bool IsQuoteBoundary(char previous) =>
        char.IsWhiteSpace(previous) || previous is '(' or '[' or '{' or ',' or ':' or '=';

    private static char Opener(char closer) => closer switch { ')' => '(', '}' => '{', _ => '[' };

    private static int FindQuoteEnd(string line, int open)
    {
        var quote = line[open];
        for (var i = open + 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && quote == '"') { i++; continue; }
            if (line[i] == quote) return i;
        }
        throw new CommandSyntaxException($"unterminated {quote} string starting at position {open}", open);
    }

    private static string Unescape(string line, int start, int end)
    {
        var span = line.AsSpan(start, end - start);
        if (!span.Contains("\\\"", StringComparison.Ordinal)) return span.ToString();
        return span.ToString().Replace("\\\"", "\"", StringComparison.Ordinal);
    }
}
