using System.Globalization;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// A small, safe evaluator for <c>python &lt;expr&gt;</c>: numbers, strings, booleans, None, lists; arithmetic
/// (<c>+ - * / // % **</c>), comparisons, <c>and/or/not/in</c>, <c>a if c else b</c>, indexing and slicing, the builtins
/// of <see cref="PythonBuiltins"/>. No names, attributes or imports beyond these: it cannot reach the host.
/// The result prints as Python's <c>str()</c> would. Evaluation follows Python's: <c>and</c>, <c>or</c>, <c>if/else</c> and
/// comparison chains short-circuit, so a skipped operand that would fail (<c>0 and 1/0</c>) does not.
/// </summary>
public static class PythonExpression
{
    /// <summary>Evaluates <paramref name="expression"/>; error positions are offset by <paramref name="offset"/> (where
    /// the expression starts in the command line).</summary>
    public static string Evaluate(string expression, int offset = 0) => Str(new PythonParser(expression, offset).ParseAll());

    public static object? EvaluateValue(string expression) => new PythonParser(expression, 0).ParseAll();

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

    internal static CommandSyntaxException Error(string message, int position) =>
        new($"python: {message} at position {position}", position, ErrorCode.ExpressionError);
}
