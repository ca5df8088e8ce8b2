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
            case ConditionNode.Compare { Left.Kind: OperandKind.Column, Right: { Kind: OperandKind.Literal, Literal.IsNumber: true } } compare
                when NumberTest(compare.Operator) is { } test:
            {
                var column = compare.Left.Column;
                var number = compare.Right.Literal.Number;
                var slow = compare;
                return values =>
                {
                    ref readonly var value = ref values[column];
                    return value.IsNumber ? test(value.Number, number) : ConditionEvaluation.Test(slow, values, variables);
                };
            }
            default:
                return values => ConditionEvaluation.Test(node, values, variables);
        }
    }

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
