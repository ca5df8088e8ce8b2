using System.Globalization;
using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// A small, safe evaluator for <c>python &lt;expr&gt;</c>: numbers, strings, booleans, None, lists; arithmetic
/// (<c>+ - * / // % **</c>), comparisons, <c>and/or/not/in</c>, indexing and slicing, the builtins <c>int float str len
/// round abs min max bool</c> and the string methods <c>upper lower strip lstrip rstrip replace split join startswith
/// endswith find count zfill</c>. No names, attributes or imports beyond these: it cannot reach the host.
/// The result prints as Python's <c>str()</c> would.
/// </summary>
public static class PythonExpression
{
    public static string Evaluate(string expression) => Str(new Parser(expression).ParseAll());

    public static object? EvaluateValue(string expression) => new Parser(expression).ParseAll();

    public static string Str(object? value) => value switch
    {
        null => "None",
        string s => s,
        _ => Repr(value),
    };

    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => PythonFormat.Bool(b),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFormat.FloatRepr(d),
        string s => PythonFormat.StringRepr(s),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        _ => value.ToString() ?? "",
    };

    private static CommandSyntaxException Error(string message, int position) =>
        new($"python: {message} at position {position}", position, ErrorCode.ExpressionError);

    private sealed class Parser(string text)
    {
        private int _pos;

        public object? ParseAll()
        {
            var value = ParseOr();
            SkipSpace();
            if (_pos < text.Length) throw Error($"unexpected '{text[_pos]}'", _pos);
            return value;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) != 0) return false;
            if (char.IsLetter(token[0]) && _pos + token.Length < text.Length && (char.IsLetterOrDigit(text[_pos + token.Length]) || text[_pos + token.Length] == '_'))
                return false;
            _pos += token.Length;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token)) throw Error($"expected '{token}'", _pos);
        }

        private object? ParseOr()
        {
            var left = ParseAnd();
            while (Accept("or")) { var right = ParseAnd(); left = Truthy(left) ? left : right; }
            return left;
        }

        private object? ParseAnd()
        {
            var left = ParseNot();
            while (Accept("and")) { var right = ParseNot(); left = Truthy(left) ? right : left; }
            return left;
        }

        private object? ParseNot() => Accept("not") ? !Truthy(ParseNot()) : ParseComparison();

        private object? ParseComparison()
        {
            var left = ParseAdditive();
            while (true)
            {
                string? op = null;
                foreach (var candidate in (string[])["==", "!=", "<=", ">=", "<", ">", "not in", "in"])
                    if (Accept(candidate)) { op = candidate; break; }
                if (op is null) return left;
                var right = ParseAdditive();
                left = op switch
                {
                    "==" => Equal(left, right),
                    "!=" => !Equal(left, right),
                    "in" => Contains(right, left),
                    "not in" => !Contains(right, left),
                    _ => CompareOp(op, Order(left, right)),
                };
            }
        }

        private static bool CompareOp(string op, int order) => op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };

        private object? ParseAdditive()
        {
            var left = ParseTerm();
            while (true)
            {
                if (Accept("+")) left = Add(left, ParseTerm());
                else if (Accept("-")) left = Arithmetic('-', left, ParseTerm());
                else return left;
            }
        }

        private object? ParseTerm()
        {
            var left = ParseUnary();
            while (true)
            {
                if (Accept("//")) left = Arithmetic('f', left, ParseUnary());
                else if (Accept("*") ) left = Multiply(left, ParseUnary());
                else if (Accept("/")) left = Arithmetic('/', left, ParseUnary());
                else if (Accept("%")) left = Arithmetic('%', left, ParseUnary());
                else return left;
            }
        }

        private object? ParseUnary()
        {
            if (Accept("-")) return Arithmetic('-', 0L, ParseUnary());
            if (Accept("+")) return ParseUnary();
            return ParsePower();
        }

        private object? ParsePower()
        {
            SkipSpace();
            var start = _pos;
            // '**' must be checked before '*' in ParseTerm; parse postfix first
            var value = ParsePostfix();
            if (Accept("**")) return Power(value, ParseUnary(), start);
            return value;
        }

        private object? ParsePostfix()
        {
            var value = ParseAtom();
            while (true)
            {
                SkipSpace();
                if (_pos < text.Length && text[_pos] == '[') { _pos++; value = Subscript(value); continue; }
                if (_pos < text.Length && text[_pos] == '.' && _pos + 1 < text.Length && char.IsLetter(text[_pos + 1]))
                {
                    _pos++;
                    var name = ReadName();
                    Expect("(");
                    var args = ReadArguments();
                    value = CallMethod(value, name, args);
                    continue;
                }
                return value;
            }
        }

        private object? Subscript(object? target)
        {
            object? start = null, stop = null;
            var isSlice = false;
            SkipSpace();
            if (!(_pos < text.Length && text[_pos] == ':')) start = ParseOr();
            if (Accept(":")) { isSlice = true; SkipSpace(); if (!(_pos < text.Length && text[_pos] == ']')) stop = ParseOr(); }
            Expect("]");
            if (isSlice) return Slice(target, start, stop);
            var index = ToLong(start);
            return target switch
            {
                string s => Index(s.Length, index) is var i && i >= 0 ? s[(int)i].ToString() : throw Error("string index out of range", _pos),
                List<object?> l => Index(l.Count, index) is var j && j >= 0 ? l[(int)j] : throw Error("list index out of range", _pos),
                _ => throw Error("value is not subscriptable", _pos),
            };
        }

        private static long Index(int length, long index)
        {
            if (index < 0) index += length;
            return index >= 0 && index < length ? index : -1;
        }

        private static object Slice(object? target, object? start, object? stop)
        {
            int Length() => target is string s ? s.Length : target is List<object?> l ? l.Count : 0;
            var length = Length();
            int Clamp(object? v, int fallback)
            {
                if (v is null) return fallback;
                var i = ToLong(v);
                if (i < 0) i += length;
                return (int)Math.Clamp(i, 0, length);
            }
            var from = Clamp(start, 0);
            var to = Math.Max(from, Clamp(stop, length));
            return target switch
            {
                string s => s[from..to],
                List<object?> l => l.GetRange(from, to - from),
                _ => throw Error("value is not sliceable", 0),
            };
        }

        private object? ParseAtom()
        {
            SkipSpace();
            if (_pos >= text.Length) throw Error("expression ends too early", _pos);
            var c = text[_pos];
            if (c == '(') { _pos++; var inner = ParseOr(); Expect(")"); return inner; }
            if (c == '[')
            {
                _pos++;
                var items = new List<object?>();
                if (Accept("]")) return items;
                do { items.Add(ParseOr()); } while (Accept(","));
                Expect("]");
                return items;
            }
            if (c is '\'' or '"') return ReadString();
            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1]))) return ReadNumber();
            if (char.IsLetter(c) || c == '_')
            {
                var start = _pos;
                var name = ReadName();
                switch (name)
                {
                    case "True": return true;
                    case "False": return false;
                    case "None": return null;
                }
                Expect("(");
                return CallFunction(name, ReadArguments(), start);
            }
            throw Error($"unexpected '{c}'", _pos);
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
            do { args.Add(ParseOr()); } while (Accept(","));
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

        private object? CallFunction(string name, List<object?> args, int position)
        {
            object? Arg(int i) => i < args.Count ? args[i] : throw Error($"{name}() expects {i + 1} argument(s)", position);
            return name switch
            {
                "int" => ToIntValue(Arg(0), position),
                "float" => ToDouble(Arg(0) is string s ? ParseNumber(s.Trim(), position) : Arg(0)),
                "str" => Str(Arg(0)),
                "bool" => Truthy(Arg(0)),
                "len" => (long)(Arg(0) switch { string s => s.Length, List<object?> l => l.Count, _ => throw Error("len() of a non-sequence", position) }),
                "abs" => Arg(0) is long l ? Math.Abs(l) : Math.Abs(ToDouble(Arg(0))),
                "round" => args.Count > 1 ? RoundDigits(ToDouble(Arg(0)), (int)ToLong(Arg(1)))
                    : (long)Math.Round(ToDouble(Arg(0)), MidpointRounding.ToEven),
                "min" => Extreme(args, -1, position),
                "max" => Extreme(args, 1, position),
                _ => throw Error($"function '{name}' is not available", position),
            };
        }

        /// <summary>
        /// Python's round(x, n): half-even on the exact binary value (round(2.675, 2) is 2.67 because 2.675 is stored
        /// as 2.67499999...), which Math.Round does not do.
        /// </summary>
        private static double RoundDigits(double value, int digits)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value == 0 || digits > 300) return value;
            var bits = BitConverter.DoubleToInt64Bits(value);
            var negative = bits < 0;
            var exponent = (int)((bits >> 52) & 0x7FF);
            var mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0) exponent++;
            else mantissa |= 1L << 52;
            exponent -= 1075; // value = mantissa * 2^exponent
            var numerator = new System.Numerics.BigInteger(mantissa);
            var denominator = System.Numerics.BigInteger.One;
            if (exponent > 0) numerator <<= exponent;
            else denominator <<= -exponent;
            var scale = System.Numerics.BigInteger.Pow(10, Math.Abs(digits));
            if (digits >= 0) numerator *= scale;
            else denominator *= scale;
            var quotient = System.Numerics.BigInteger.DivRem(numerator, denominator, out var remainder);
            var twice = remainder * 2;
            if (twice > denominator || (twice == denominator && !quotient.IsEven)) quotient += 1;
            var text = (negative ? "-" : "") + quotient.ToString(CultureInfo.InvariantCulture) + "e" + (-digits).ToString(CultureInfo.InvariantCulture);
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static object? Extreme(List<object?> args, int sign, int position)
        {
            var items = args.Count == 1 && args[0] is List<object?> list ? list : args;
            if (items.Count == 0) throw Error("min()/max() of an empty sequence", position);
            var best = items[0];
            foreach (var item in items.Skip(1))
                if (Order(item, best) * sign > 0) best = item;
            return best;
        }

        private static object? ToIntValue(object? value, int position) => value switch
        {
            long l => l,
            double d => (long)Math.Truncate(d),
            bool b => b ? 1L : 0L,
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ => throw Error($"invalid literal for int(): {Repr(value)}", position),
        };

        private static object ParseNumber(string text, int position) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : throw Error($"could not convert string to float: {PythonFormat.StringRepr(text)}", position);

        private object? CallMethod(object? target, string name, List<object?> args)
        {
            var position = _pos;
            string Arg(int i) => i < args.Count && args[i] is string s ? s : throw Error($"{name}() expects a string argument", position);
            if (target is List<object?> list && name == "index") return (long)list.FindIndex(x => Equal(x, args[0]));
            if (target is not string value) throw Error($"'{name}' is not available on this value", position);
            return name switch
            {
                "upper" => value.ToUpperInvariant(),
                "lower" => value.ToLowerInvariant(),
                "strip" => args.Count > 0 ? value.Trim(Arg(0).ToCharArray()) : value.Trim(),
                "lstrip" => args.Count > 0 ? value.TrimStart(Arg(0).ToCharArray()) : value.TrimStart(),
                "rstrip" => args.Count > 0 ? value.TrimEnd(Arg(0).ToCharArray()) : value.TrimEnd(),
                "replace" => value.Replace(Arg(0), Arg(1), StringComparison.Ordinal),
                "split" => (args.Count > 0 ? value.Split(Arg(0)) : value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    .Select(x => (object?)x).ToList(),
                "join" => args.Count == 1 && args[0] is List<object?> items ? string.Join(value, items.Select(Str)) : throw Error("join() expects a list", position),
                "startswith" => value.StartsWith(Arg(0), StringComparison.Ordinal),
                "endswith" => value.EndsWith(Arg(0), StringComparison.Ordinal),
                "find" => (long)value.IndexOf(Arg(0), StringComparison.Ordinal),
                "count" => (long)(value.Length - value.Replace(Arg(0), "", StringComparison.Ordinal).Length) / Math.Max(1, Arg(0).Length),
                "zfill" => value.PadLeft((int)ToLong(args.Count > 0 ? args[0] : 0L), '0'),
                _ => throw Error($"string method '{name}' is not available", position),
            };
        }

        private static bool Truthy(object? value) => value switch
        {
            null => false,
            bool b => b,
            long l => l != 0,
            double d => d != 0,
            string s => s.Length > 0,
            List<object?> l => l.Count > 0,
            _ => true,
        };

        private static bool Equal(object? a, object? b)
        {
            if (IsNumber(a) && IsNumber(b)) return ToDouble(a) == ToDouble(b);
            if (a is List<object?> la && b is List<object?> lb) return la.Count == lb.Count && la.Zip(lb).All(p => Equal(p.First, p.Second));
            return Equals(a, b);
        }

        private static bool Contains(object? container, object? item) => container switch
        {
            string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
            List<object?> l => l.Exists(x => Equal(x, item)),
            _ => throw Error("'in' needs a string or a list", 0),
        };

        private static int Order(object? a, object? b)
        {
            if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
            if (a is string sa && b is string sb) return string.CompareOrdinal(sa, sb);
            throw Error($"cannot compare {Repr(a)} and {Repr(b)}", 0);
        }

        private static bool IsNumber(object? v) => v is long or double or bool;

        private static double ToDouble(object? v) => v switch
        {
            long l => l,
            double d => d,
            bool b => b ? 1 : 0,
            _ => throw Error($"{Repr(v)} is not a number", 0),
        };

        private static long ToLong(object? v) => v switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            double d when d == Math.Floor(d) => (long)d,
            _ => throw Error($"{Repr(v)} is not an integer", 0),
        };

        private static object? Add(object? a, object? b) => (a, b) switch
        {
            (string sa, string sb) => sa + sb,
            (List<object?> la, List<object?> lb) => la.Concat(lb).ToList(),
            _ => Arithmetic('+', a, b),
        };

        private static object? Multiply(object? a, object? b) => (a, b) switch
        {
            (string s, long n) => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, Math.Min(n, 1_000_000 / Math.Max(1, s.Length))))),
            (long n, string s) => Multiply(s, n),
            _ => Arithmetic('*', a, b),
        };

        private static object Power(object? a, object? b, int position)
        {
            if (a is long la && b is long lb && lb >= 0)
            {
                try { return checked((long)System.Numerics.BigInteger.Pow(la, (int)Math.Min(lb, 64))); }
                catch (OverflowException) { throw Error("integer result too large", position); }
            }
            return Math.Pow(ToDouble(a), ToDouble(b));
        }

        private static object Arithmetic(char op, object? a, object? b)
        {
            if (!IsNumber(a) || !IsNumber(b))
                throw Error($"unsupported operand types for {(op == 'f' ? "//" : op.ToString())}: {Repr(a)} and {Repr(b)}", 0);
            if (a is not double && b is not double)
            {
                var x = ToLong(a);
                var y = ToLong(b);
                switch (op)
                {
                    case '+': return x + y;
                    case '-': return x - y;
                    case '*': return x * y;
                    case '/': return y == 0 ? throw Error("division by zero", 0) : (double)x / y;
                    case 'f': return y == 0 ? throw Error("integer division by zero", 0) : (long)Math.Floor((double)x / y);
                    case '%': return y == 0 ? throw Error("modulo by zero", 0) : ((x % y) + y) % y;
                }
            }
            var p = ToDouble(a);
            var q = ToDouble(b);
            return op switch
            {
                '+' => p + q,
                '-' => p - q,
                '*' => p * q,
                '/' => q == 0 ? throw Error("float division by zero", 0) : p / q,
                'f' => q == 0 ? throw Error("float floor division by zero", 0) : Math.Floor(p / q),
                _ => q == 0 ? throw Error("float modulo", 0) : p - (q * Math.Floor(p / q)),
            };
        }
    }
}
