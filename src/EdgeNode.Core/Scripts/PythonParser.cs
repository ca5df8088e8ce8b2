using System.Globalization;
using System.Text;
using static EdgeNode.Core.Scripts.PythonValues;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Recursive-descent parser of the <c>python</c> command that evaluates as it parses, with Python's precedence:
/// <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>, <c>+ -</c>, <c>* / // %</c>,
/// unary <c>- +</c>, <c>**</c>, then calls, subscripts and method calls on atoms. Errors name the position in the
/// command line (<paramref name="offset"/> is where the expression starts in it).
/// </summary>
internal sealed class PythonParser(string text, int offset)
{
    private int _pos;

    public object? ParseAll()
    {
        var value = ParseConditional();
        SkipSpace();
        if (_pos < text.Length) throw Error($"unexpected '{text[_pos]}'", _pos);
        return value;
    }

    private Exception Error(string message, int position) => PythonExpression.Error(message, offset + position);

    /// <summary>Where the next token starts in the command line (for errors about the operator found there).</summary>
    private int Here()
    {
        SkipSpace();
        return offset + _pos;
    }

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, _pos, token, 0, token.Length) != 0) return false;
        var end = _pos + token.Length;
        if (char.IsLetter(token[0]) && end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token)) throw Error($"expected '{token}'", _pos);
    }

    private bool Peek(char c)
    {
        SkipSpace();
        return _pos < text.Length && text[_pos] == c;
    }

    private object? ParseConditional()
    {
        var value = ParseOr();
        if (!Accept("if")) return value;
        var condition = ParseOr();
        Expect("else");
        var otherwise = ParseConditional();
        return Truthy(condition) ? value : otherwise;
    }

    private object? ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            var right = ParseAnd();
            left = Truthy(left) ? left : right;
        }
        return left;
    }

    private object? ParseAnd()
    {
        var left = ParseNot();
        while (Accept("and"))
        {
            var right = ParseNot();
            left = Truthy(left) ? right : left;
        }
        return left;
    }

    private object? ParseNot() => Accept("not") ? !Truthy(ParseNot()) : ParseComparison();

    private static readonly string[] ComparisonOperators = ["==", "!=", "<=", ">=", "<", ">", "not in", "in"];

    private object? ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var at = Here();
            var op = Array.Find(ComparisonOperators, Accept);
            if (op is null) return left;
            var right = ParseAdditive();
            left = op switch
            {
                "==" => Equal(left, right),
                "!=" => !Equal(left, right),
                "in" => Contains(right, left, at),
                "not in" => !Contains(right, left, at),
                _ => Compare(op, Order(left, right, at)),
            };
        }
    }

    private object? ParseAdditive()
    {
        var left = ParseTerm();
        while (true)
        {
            var at = Here();
            if (Accept("+")) left = Add(left, ParseTerm(), at);
            else if (Accept("-")) left = Arithmetic('-', left, ParseTerm(), at);
            else return left;
        }
    }

    private object? ParseTerm()
    {
        var left = ParseUnary();
        while (true)
        {
            var at = Here();
            if (Accept("//")) left = Arithmetic('f', left, ParseUnary(), at);
            else if (Accept("*")) left = Multiply(left, ParseUnary(), at);
            else if (Accept("/")) left = Arithmetic('/', left, ParseUnary(), at);
            else if (Accept("%")) left = Arithmetic('%', left, ParseUnary(), at);
            else return left;
        }
    }

    private object? ParseUnary()
    {
        var at = Here();
        if (Accept("-")) return Arithmetic('-', 0L, ParseUnary(), at);
        if (Accept("+")) return ParseUnary();
        return ParsePower();
    }

    private object? ParsePower()
    {
        var value = ParsePostfix();
        var at = Here();
        return Accept("**") ? Power(value, ParseUnary(), at) : value;
    }

    private object? ParsePostfix()
    {
        var value = ParseAtom();
        while (true)
        {
            var at = Here();
            if (Peek('['))
            {
                _pos++;
                value = Subscript(value, at);
                continue;
            }
            if (Peek('.') && _pos + 1 < text.Length && char.IsLetter(text[_pos + 1]))
            {
                _pos++;
                var name = ReadName();
                Expect("(");
                value = PythonBuiltins.CallMethod(value, name, ReadArguments(), at);
                continue;
            }
            return value;
        }
    }

    private object? Subscript(object? target, int at)
    {
        object? start = null, stop = null;
        if (!Peek(':')) start = ParseConditional();
        if (!Accept(":"))
        {
            Expect("]");
            return Index(target, start, at);
        }
        if (!Peek(']')) stop = ParseConditional();
        Expect("]");
        return Slice(target, start, stop, at);
    }

    private object? ParseAtom()
    {
        SkipSpace();
        if (_pos >= text.Length) throw Error("expression ends too early", _pos);
        var c = text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseConditional();
            Expect(")");
            return inner;
        }
        if (c == '[')
        {
            _pos++;
            var items = new List<object?>();
            if (Accept("]")) return items;
            do items.Add(ParseConditional()); while (Accept(","));
            Expect("]");
            return items;
        }
        if (c is '\'' or '"') return ReadString();
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1]))) return ReadNumber();
        if (c == '!') throw Error($"'{ReadReference()}' is not declared", _pos);
        if (!char.IsLetter(c) && c != '_') throw Error($"unexpected '{c}'", _pos);
        var start = offset + _pos;
        var name = ReadName();
        switch (name)
        {
            case "True": return true;
            case "False": return false;
            case "None": return null;
        }
        if (!Peek('(')) throw Error($"name '{name}' is not defined", start - offset);
        _pos++;
        return PythonBuiltins.CallFunction(name, ReadArguments(), start);
    }

    /// <summary>An undeclared <c>!name</c> left in the text by substitution, read for the error message.</summary>
    private string ReadReference()
    {
        var end = _pos + 1;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.')) end++;
        return text[_pos..end];
    }

    private string ReadName()
    {
        var start = _pos;
        while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
        return text[start.._pos];
    }

    private List<object?> ReadArguments()
    {
        var args = new List<object?>();
        if (Accept(")")) return args;
        do args.Add(ParseConditional()); while (Accept(","));
        Expect(")");
        return args;
    }

    private string ReadString()
    {
        var quote = text[_pos];
        var start = _pos++;
        var builder = new StringBuilder();
        while (_pos < text.Length && text[_pos] != quote)
        {
            var c = text[_pos++];
            if (c == '\\' && _pos < text.Length)
            {
                var escaped = text[_pos++];
                builder.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => escaped });
                continue;
            }
            builder.Append(c);
        }
        if (_pos >= text.Length) throw Error("unterminated string", start);
        _pos++;
        return builder.ToString();
    }

    private object ReadNumber()
    {
        var start = _pos;
        var isFloat = false;
        while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '.' or '_' or 'e' or 'E'
                                      || (text[_pos] is '+' or '-' && text[_pos - 1] is 'e' or 'E')))
        {
            if (text[_pos] is '.' or 'e' or 'E') isFloat = true;
            _pos++;
        }
        var literal = text[start.._pos].Replace("_", "", StringComparison.Ordinal);
        if (!isFloat && long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw Error($"invalid number '{literal}'", start);
    }
}
