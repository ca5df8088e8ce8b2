using EdgeNode.Core.Variables;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Turns a parsed condition into a delegate tested on each row. The common case, a column compared with a number
/// (<c>[value] &gt; 10</c>), becomes a direct comparison of doubles; everything else goes through
/// <see cref="ConditionEvaluation"/>. Same results either way (the tests hold both to it); the compiled form only saves
/// the walk of the tree for every row.
/// </summary>
internal static class ConditionCompiler
{
    public static Func<RowValue[], bool> Compile(ConditionNode node, VariableResolver variables)
    {
        switch (node)
        {
            case ConditionNode.And and:
            {
                var (left, right) = (Compile(and.Left, variables), Compile(and.Right, variables));
                return values => left(values) && right(values);
            }
            case ConditionNode.Or or:
            {
                var (left, right) = (Compile(or.Left, variables), Compile(or.Right, variables));
                return values => left(values) || right(values);
            }
            case ConditionNode.Not not:
            {
                var inner = Compile(not.Inner, variables);
                return values => !inner(values);
            }
            case ConditionNode.Compare { Left.Kind: OperandKind.Column, Right.Kind: OperandKind.Literal } compare
                when compare.Right.Literal.TryGetNumber(out var number) && NumberTest(compare.Operator) is { } test:
            {
                var column = compare.Left.Column;
                return values =>
                {
                    ref var value = ref values[column];
                    return value.TryGetNumber(out var read) ? test(read, number) : ConditionEvaluation.Compare(compare, values, variables);
                };
            }
            case ConditionNode.Compare { Left.Kind: OperandKind.Column, Right.Kind: OperandKind.Literal } compare
                when TextTest(compare.Operator) is { } test:
            {
                var column = compare.Left.Column;
                var literal = compare.Right.Literal.Utf8.ToArray();
                return values =>
                {
                    ref var value = ref values[column];
                    return value.Present && test(value.Utf8.Span, literal);
                };
            }
            case ConditionNode.Compare compare:
                return values => ConditionEvaluation.Compare(compare, values, variables);
            default:
                return values => ConditionEvaluation.Test(node, values, variables);
        }
    }

    private delegate bool TextComparison(ReadOnlySpan<byte> value, byte[] literal);

    /// <summary>The text comparisons that never read numbers (== and != may: <c>12.0 == 12</c>).</summary>
    private static TextComparison? TextTest(CompareOperator op) => op switch
    {
        CompareOperator.Contains => static (value, literal) => value.IndexOf(literal) >= 0,
        CompareOperator.StartsWith => static (value, literal) => value.StartsWith(literal),
        CompareOperator.EndsWith => static (value, literal) => value.EndsWith(literal),
        _ => null,
    };

    private static Func<double, double, bool>? NumberTest(CompareOperator op) => op switch
    {
        CompareOperator.Equal => static (a, b) => a.CompareTo(b) == 0,
        CompareOperator.NotEqual => static (a, b) => a.CompareTo(b) != 0,
        CompareOperator.Less => static (a, b) => a.CompareTo(b) < 0,
        CompareOperator.LessOrEqual => static (a, b) => a.CompareTo(b) <= 0,
        CompareOperator.Greater => static (a, b) => a.CompareTo(b) > 0,
        CompareOperator.GreaterOrEqual => static (a, b) => a.CompareTo(b) >= 0,
        _ => null,
    };
}
