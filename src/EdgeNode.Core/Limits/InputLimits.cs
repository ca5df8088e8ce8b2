namespace EdgeNode.Core.Limits;

/// <summary>
/// The bounds every parser that reads outside input keeps (docs/limits.md). A recursive parser recurses once per level
/// of nesting; without a bound a few kilobytes of brackets overflow the thread's stack, which no handler can catch and
/// which ends the process. Each bound is far above what real input uses and far below what a 1.5 MB thread stack holds.
/// </summary>
public static class InputLimits
{
    /// <summary>Levels of nesting in a <c>python</c> expression: parentheses, lists, calls, <c>not</c>, unary signs, <c>**</c>, <c>if/else</c>.</summary>
    public const int ExpressionDepth = 100;

    /// <summary>
    /// Levels of a parsed SQL expression: nesting (parentheses, functions, <c>NOT</c>, signs) and each link of an operator
    /// chain (<c>a or b or c</c> is three levels deep once parsed). SQLite itself stops at 1,000.
    /// </summary>
    public const int SqlDepth = 500;

    /// <summary>Levels of nesting of a JSON row or policy, the same on every path that reads them (REST, MQTT, the operator).</summary>
    public const int JsonDepth = 64;

    /// <summary>
    /// Characters of one command line, whatever its source (REST refuses a larger body before reading it, a peer's large
    /// command arrives as a file transfer): far above a policy or a query, far below what the tokenizer and the log should
    /// be handed.
    /// </summary>
    public const int CommandChars = 1 << 20;

    /// <summary>The longest timeout a caller may ask for, in seconds (30 days; 0 means no limit where a timeout allows it).</summary>
    public const long TimeoutSeconds = 30L * 24 * 3600;
}
