using static EdgeNode.Core.Scripts.PythonExpression;

namespace EdgeNode.Core.Scripts;

/// <summary>Python's value rules for the evaluator: truth, equality, ordering, numeric conversions, operators.</summary>
internal static class PythonValues
{
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        _ => true,
    };

    public static bool Equal(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a, 0) == ToDouble(b, 0);
        if (a is List<object?> la && b is List<object?> lb) return la.Count == lb.Count && la.Zip(lb).All(p => Equal(p.First, p.Second));
        return Equals(a, b);
    }

    public static bool Contains(object? container, object? item, int position) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        List<object?> l => l.Exists(x => Equal(x, item)),
        _ => throw Error("'in' needs a string or a list", position),
    };

    public static int Order(object? a, object? b, int position)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a, position).CompareTo(ToDouble(b, position));
        if (a is string sa && b is string sb) return string.CompareOrdinal(sa, sb);
        throw Error($"cannot compare {Repr(a)} and {Repr(b)}", position);
    }

    public static bool Compare(string op, int order) => op switch
    {
        "<" => order < 0,
        "<=" => order <= 0,
        ">" => order > 0,
        _ => order >= 0,
    };

    public static bool IsNumber(object? v) => v is long or double or bool;

    public static double ToDouble(object? v, int position) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw Error($"{Repr(v)} is not a number", position),
    };

    public static long ToLong(object? v, int position) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) => (long)d,
        _ => throw Error($"{Repr(v)} is not an integer", position),
    };

    public static object? Add(object? a, object? b, int position) => (a, b) switch
    {
        (string sa, string sb) => sa + sb,
        (List<object?> la, List<object?> lb) => la.Concat(lb).ToList(),
        _ => Arithmetic('+', a, b, position),
    };

    public static object? Multiply(object? a, object? b, int position) => (a, b) switch
    {
        (string s, long n) => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, Math.Min(n, 1_000_000 / Math.Max(1, s.Length))))),
        (long n, string s) => Multiply(s, n, position),
        _ => Arithmetic('*', a, b, position),
    };

    public static object Power(object? a, object? b, int position)
    {
        if (a is long la && b is long lb && lb >= 0)
        {
            try { return checked((long)System.Numerics.BigInteger.Pow(la, (int)Math.Min(lb, 64))); }
            catch (OverflowException) { throw Error("integer result too large", position); }
        }
        return Math.Pow(ToDouble(a, position), ToDouble(b, position));
    }

    /// <summary><c>+ - * / % </c> and <c>f</c> for <c>//</c>, with Python's int/float rules (floor division and modulo).</summary>
    public static object Arithmetic(char op, object? a, object? b, int position)
    {
        if (!IsNumber(a) || !IsNumber(b))
            throw Error($"unsupported operand types for {(op == 'f' ? "//" : op.ToString())}: {Repr(a)} and {Repr(b)}", position);
        if (a is not double && b is not double)
        {
            var x = ToLong(a, position);
            var y = ToLong(b, position);
            switch (op)
            {
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                case '/': return y == 0 ? throw Error("division by zero", position) : (double)x / y;
                case 'f': return y == 0 ? throw Error("integer division by zero", position) : (long)Math.Floor((double)x / y);
                case '%': return y == 0 ? throw Error("modulo by zero", position) : ((x % y) + y) % y;
            }
        }
        var p = ToDouble(a, position);
        var q = ToDouble(b, position);
        return op switch
        {
            '+' => p + q,
            '-' => p - q,
            '*' => p * q,
            '/' => q == 0 ? throw Error("float division by zero", position) : p / q,
            'f' => q == 0 ? throw Error("float floor division by zero", position) : Math.Floor(p / q),
            _ => q == 0 ? throw Error("float modulo", position) : p - (q * Math.Floor(p / q)),
        };
    }

    public static object Slice(object? target, object? start, object? stop, int position)
    {
        var length = target switch
        {
            string s => s.Length,
            List<object?> l => l.Count,
            _ => throw Error("value is not sliceable", position),
        };
        int Clamp(object? v, int fallback)
        {
            if (v is null) return fallback;
            var i = ToLong(v, position);
            if (i < 0) i += length;
            return (int)Math.Clamp(i, 0, length);
        }
        var from = Clamp(start, 0);
        var to = Math.Max(from, Clamp(stop, length));
        return target is string text ? text[from..to] : ((List<object?>)target!).GetRange(from, to - from);
    }

    public static object? Index(object? target, object? index, int position)
    {
        var i = ToLong(index, position);
        return target switch
        {
            string s => Within(s.Length, i) is var at && at >= 0 ? s[(int)at].ToString() : throw Error("string index out of range", position),
            List<object?> l => Within(l.Count, i) is var j && j >= 0 ? l[(int)j] : throw Error("list index out of range", position),
            _ => throw Error("value is not subscriptable", position),
        };
    }

    private static long Within(int length, long index)
    {
        if (index < 0) index += length;
        return index >= 0 && index < length ? index : -1;
    }
}
