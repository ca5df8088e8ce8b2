using System.Globalization;
using System.Text;
using static EdgeNode.Core.Scripts.PythonValues;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Recursive-descent parser of the <c>python</c> command that builds the expression as closures, then runs it, with
/// Python's precedence and evaluation order: operands left to right; <c>and</c>, <c>or</c>, <c>x if c else y</c> and
/// comparison chains evaluate only what Python evaluates (<c>1 == 1 or 1/0</c> is True). Precedence:
/// <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>, <c>+ -</c>, <c>* / // %</c>,
/// unary <c>- +</c>, <c>**</c>, then calls, subscripts and method calls on atoms. Errors name the position in the
/// command line (<paramref name="offset"/> is where the expression starts in it).
/// </summary>
internal sealed class PythonParser(string text, int offset)
{
    private int _pos;

    /// <summary>Parses the whole text first (a syntax error anywhere fails before anything runs), then evaluates it.</summary>
    public object? ParseAll()
    {
        var expression = ParseConditional();
        SkipSpace();
        if (_pos < text.Length) throw Error($"unexpected '{text[_pos]}'", _pos);
        return expression();
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

    private Func<object?> ParseConditional()
    {
        var value = ParseOr();
        if (!Accept("if")) return value;
        var condition = ParseOr();
        Expect("else");
        var otherwise = ParseConditional();
        return () => Truthy(condition()) ? value() : otherwise();
    }

    private Func<object?> ParseOr()
    {
        var left = ParseAnd();
        while (Accept("or"))
        {
            var first = left;
            var right = ParseAnd();
            left = () => first() is var v && Truthy(v) ? v : right();
        }
        return left;
    }

    private Func<object?> ParseAnd()
    {
        var left = ParseNot();
        while (Accept("and"))
        {
            var first = left;
            var right = ParseNot();
            left = () => first() is var v && !Truthy(v) ? v : right();
        }
        return left;
    }

    private Func<object?> ParseNot()
    {
        if (!Accept("not")) return ParseComparison();
        var operand = ParseNot();
        return () => !Truthy(operand());
    }

    private static readonly string[] ComparisonOperators = ["==", "!=", "<=", ">=", "<", ">", "not in", "in"];

    /// <summary>
    /// A chain <c>a &lt; b &lt;= c</c> means <c>a &lt; b and b &lt;= c</c> with <c>b</c> evaluated once, stopping at the
    /// first false link, as in Python.
    /// </summary>
    private Func<object?> ParseComparison()
    {
        var first = ParseAdditive();
        var links = new List<(string Op, Func<object?> Operand, int At)>();
        while (true)
        {
            var at = Here();
            var op = Array.Find(ComparisonOperators, Accept);
            if (op is null) break;
            links.Add((op, ParseAdditive(), at));
        }
        if (links.Count == 0) return first;
        return () =>
        {
            var left = first();
            foreach (var (op, operand, at) in links)
            {
                var right = operand();
                if (!Holds(op, left, right, at)) return false;
                left = right;
            }
            return true;
        };
    }

    private static bool Holds(string op, object? left, object? right, int at) => op switch
    {
        "==" => Equal(left, right),
        "!=" => !Equal(left, right),
        "in" => Contains(right, left, at),
        "not in" => !Contains(right, left, at),
        _ => Compare(op, Order(left, right, at)),
    };

    private Func<object?> ParseAdditive()
    {
        var left = ParseTerm();
        while (true)
        {
            var at = Here();
            var op = Accept("+") ? '+' : Accept("-") ? '-' : '\0';
            if (op == '\0') return left;
            left = Binary(left, ParseTerm(), op == '+' ? (a, b) => Add(a, b, at) : (a, b) => Arithmetic('-', a, b, at));
        }
    }

    private Func<object?> ParseTerm()
    {
        var left = ParseUnary();
        while (true)
        {
            var at = Here();
            Func<object?, object?, object?>? apply =
                Accept("//") ? (a, b) => Arithmetic('f', a, b, at)
                : Accept("*") ? (a, b) => Multiply(a, b, at)
                : Accept("/") ? (a, b) => Arithmetic('/', a, b, at)
                : Accept("%") ? (a, b) => Arithmetic('%', a, b, at)
                : null;
            if (apply is null) return left;
            left = Binary(left, ParseUnary(), apply);
        }
    }

    /// <summary>Both operands, left first, then the operator: what Python does for every binary operator but and/or.</summary>
    private static Func<object?> Binary(Func<object?> left, Func<object?> right, Func<object?, object?, object?> apply) =>
        () =>
        {
            var a = left();
            return apply(a, right());
        };

    private Func<object?> ParseUnary()
    {
        var at = Here();
        if (Accept("-"))
        {
            var operand = ParseUnary();
            return () => Arithmetic('-', 0L, operand(), at);
        }
        return Accept("+") ? ParseUnary() : ParsePower();
    }

    private Func<object?> ParsePower()
    {
        var value = ParsePostfix();
        var at = Here();
        return Accept("**") ? Binary(value, ParseUnary(), (a, b) => Power(a, b, at)) : value;
    }

    private Func<object?> ParsePostfix()
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
                var target = value;
                if (!Accept("("))
                {
                    // attribute access is valid syntax; only its evaluation fails (after the target's own errors)
                    value = () =>
                    {
                        target();
                        throw PythonExpression.Error($"'{name}' is not available on this value", at);
                    };
                    continue;
                }
                var args = ReadArguments();
                value = () => PythonBuiltins.CallMethod(target(), name, Evaluate(args), at);
                continue;
            }
            return value;
        }
    }
    private Func<object?> Subscript(Func<object?> target, int at)
    {
        Func<object?>? start = null, stop = null;
        if (!Peek(':')) start = ParseConditional();
        if (!Accept(":"))
        {
            Expect("]");
            var index = start!;
            return () =>
            {
                var value = target();
                return Index(value, index(), at);
            };
        }
        if (!Peek(']')) stop = ParseConditional();
        Expect("]");
        return () =>
        {
            var value = target();
            var from = start?.Invoke();
            return Slice(value, from, stop?.Invoke(), at);
        };
    }

    private Func<object?> ParseAtom()
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
            var items = new List<Func<object?>>();
            if (!Accept("]"))
            {
                do items.Add(ParseConditional()); while (Accept(","));
                Expect("]");
            }
            return () => Evaluate(items);
        }
        if (c is '\'' or '"') return Constant(ReadString());
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1]))) return Constant(ReadNumber());
        if (c == '!') throw Error($"'{ReadReference()}' is not declared", _pos);
        if (!char.IsLetter(c) && c != '_') throw Error($"unexpected '{c}'", _pos);
        var start = offset + _pos;
        var name = ReadName();
        switch (name)
        {
            case "True": return Constant(true);
            case "False": return Constant(false);
            case "None": return Constant(null);
        }
        // an unknown name is Python's NameError: raised when evaluated, so a skipped operand ('0 and x') never fails
        if (!Peek('(')) return () => throw PythonExpression.Error($"name '{name}' is not defined", start);
        _pos++;
        var args = ReadArguments();
        return () => PythonBuiltins.CallFunction(name, Evaluate(args), start);
    }

    private static Func<object?> Constant(object? value) => () => value;

    private static List<object?> Evaluate(List<Func<object?>> items) => items.ConvertAll(item => item());

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

    private List<Func<object?>> ReadArguments()
    {
        var args = new List<Func<object?>>();
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
