using System.Globalization;
using System.Text;
using EdgeNode.Core.Limits;
using static EdgeNode.Core.Scripts.PythonValues;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Recursive-descent parser of the <c>python</c> command that builds the expression as closures, then runs it, with
/// Python's precedence and evaluation order: operands left to right; <c>and</c>, <c>or</c>, <c>x if c else y</c> and
/// comparison chains evaluate only what Python evaluates (<c>1 == 1 or 1/0</c> is True). Precedence:
/// <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>, <c>+ -</c>, <c>* / // %</c>,
/// unary <c>- +</c>, <c>**</c>, then calls, subscripts and method calls on atoms. Errors name the position in the
/// command line (<paramref name="offset"/> is where the expression starts in it). Nesting is bounded
/// (<see cref="InputLimits.ExpressionDepth"/>) and chains (<c>1+1+...</c>, <c>.upper().upper()...</c>) evaluate in a loop,
/// so no input can overflow the stack.
/// </summary>
internal sealed class PythonParser(string text, int offset)
{
    private int _pos;
    private int _depth;

    /// <summary>Parses the whole text first (a syntax error anywhere fails before anything runs), then evaluates it.</summary>
    public object? ParseAll()
    {
        var expression = ParseConditional();
        SkipSpace();
        if (_pos < text.Length) throw Error($"unexpected '{text[_pos]}'", _pos);
        return expression();
    }

    private Exception Error(string message, int position) => PythonExpression.Error(message, offset + position);

    /// <summary>One level deeper; refused past <see cref="InputLimits.ExpressionDepth"/> (before the stack could run out).</summary>
    private void Enter()
    {
        if (++_depth > InputLimits.ExpressionDepth)
            throw Error($"expression nested too deep (more than {InputLimits.ExpressionDepth} levels)", _pos);
    }

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
        Enter();
        var value = ParseOr();
        if (!Accept("if"))
        {
            _depth--;
            return value;
        }
        var condition = ParseOr();
        Expect("else");
        var otherwise = ParseConditional();
        _depth--;
        return () => Truthy(condition()) ? value() : otherwise();
    }

    /// <summary><c>a or b or c</c>: the first truthy operand, else the last; evaluated in a loop, however long the chain.</summary>
    private Func<object?> ParseOr() => ShortCircuit("or", ParseAnd, stopWhen: true);

    private Func<object?> ParseAnd() => ShortCircuit("and", ParseNot, stopWhen: false);

    private Func<object?> ShortCircuit(string word, Func<Func<object?>> parseOperand, bool stopWhen)
    {
        var first = parseOperand();
        if (!Accept(word)) return first;
        var operands = new List<Func<object?>> { first };
        do operands.Add(parseOperand()); while (Accept(word));
        return () =>
        {
            object? value = null;
            foreach (var operand in operands)
            {
                value = operand();
                if (Truthy(value) == stopWhen) return value;
            }
            return value;
        };
    }

    private Func<object?> ParseNot()
    {
        if (!Accept("not")) return ParseComparison();
        Enter();
        var operand = ParseNot();
        _depth--;
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

    private Func<object?> ParseAdditive() => LeftChain(ParseTerm, at =>
        Accept("+") ? (a, b) => Add(a, b, at)
        : Accept("-") ? (a, b) => Arithmetic('-', a, b, at)
        : null);

    private Func<object?> ParseTerm() => LeftChain(ParseUnary, at =>
        Accept("//") ? (a, b) => Arithmetic('f', a, b, at)
        : Accept("*") ? (a, b) => Multiply(a, b, at)
        : Accept("/") ? (a, b) => Arithmetic('/', a, b, at)
        : Accept("%") ? (a, b) => Arithmetic('%', a, b, at)
        : null);

    /// <summary>
    /// <c>a + b - c ...</c>: left-associative operators of one precedence, evaluated in a loop (each operand left to right,
    /// then its operator, as Python does) rather than as closures nested as deep as the chain is long.
    /// </summary>
    private Func<object?> LeftChain(Func<Func<object?>> parseOperand, Func<int, Func<object?, object?, object?>?> acceptOperator)
    {
        var first = parseOperand();
        List<(Func<object?, object?, object?> Apply, Func<object?> Operand)>? links = null;
        while (acceptOperator(Here()) is { } apply) (links ??= []).Add((apply, parseOperand()));
        if (links is null) return first;
        return () =>
        {
            var value = first();
            foreach (var (apply, operand) in links) value = apply(value, operand());
            return value;
        };
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
            Enter();
            var operand = ParseUnary();
            _depth--;
            return () => Arithmetic('-', 0L, operand(), at);
        }
        if (!Accept("+")) return ParsePower();
        Enter();
        var plus = ParseUnary();
        _depth--;
        return plus;
    }

    private Func<object?> ParsePower()
    {
        var value = ParsePostfix();
        var at = Here();
        if (!Accept("**")) return value;
        Enter();
        var exponent = ParseUnary();
        _depth--;
        return Binary(value, exponent, (a, b) => Power(a, b, at));
    }

    /// <summary>An atom and its subscripts and method calls (<c>x[0][1].upper()</c>), applied in a loop however many there are.</summary>
    private Func<object?> ParsePostfix()
    {
        var atom = ParseAtom();
        List<Func<object?, object?>>? steps = null;
        while (true)
        {
            var at = Here();
            if (Peek('['))
            {
                _pos++;
                (steps ??= []).Add(Subscript(at));
                continue;
            }
            if (Peek('.') && _pos + 1 < text.Length && char.IsLetter(text[_pos + 1]))
            {
                _pos++;
                var name = ReadName();
                if (!Accept("("))
                {
                    // attribute access is valid syntax; only its evaluation fails (after the target's own errors)
                    (steps ??= []).Add(_ => throw PythonExpression.Error($"'{name}' is not available on this value", at));
                    continue;
                }
                var args = ReadArguments();
                (steps ??= []).Add(target => PythonBuiltins.CallMethod(target, name, Evaluate(args), at));
                continue;
            }
            break;
        }
        if (steps is null) return atom;
        return () =>
        {
            var value = atom();
            foreach (var step in steps) value = step(value);
            return value;
        };
    }

    /// <summary>The step <c>[i]</c> or <c>[a:b]</c> applied to the value before it (evaluated first, as in Python).</summary>
    private Func<object?, object?> Subscript(int at)
    {
        Func<object?>? start = null, stop = null;
        if (!Peek(':')) start = ParseConditional();
        if (!Accept(":"))
        {
            Expect("]");
            var index = start!;
            return value => Index(value, index(), at);
        }
        if (!Peek(']')) stop = ParseConditional();
        Expect("]");
        return value =>
        {
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
