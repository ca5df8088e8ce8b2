using EdgeNode.Core.Variables;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Tests a parsed condition on one row's column values. Two sides that both read as numbers compare as numbers, otherwise
/// as text (ordinal, on the UTF-8 bytes). A column the row lacks makes its comparisons false (and <c>!=</c> true).
/// </summary>
internal static class ConditionEvaluation
{
    public static bool Test(ConditionNode node, RowValue[] values, VariableResolver variables) => node switch
    {
        ConditionNode.Compare compare => Compare(compare, values, variables),
        ConditionNode.And and => Test(and.Left, values, variables) && Test(and.Right, values, variables),
        ConditionNode.Or or => Test(or.Left, values, variables) || Test(or.Right, values, variables),
        ConditionNode.Not not => !Test(not.Inner, values, variables),
        _ => false,
    };

    public static bool Compare(ConditionNode.Compare compare, RowValue[] values, VariableResolver variables)
    {
        var leftCopy = compare.Left.Kind == OperandKind.Column ? default : Value(compare.Left, variables);
        ref var left = ref compare.Left.Kind == OperandKind.Column ? ref values[compare.Left.Column] : ref leftCopy;
        if (compare.Operator == CompareOperator.Truthy) return left.IsTruthy();
        var rightCopy = compare.Right.Kind == OperandKind.Column ? default : Value(compare.Right, variables);
        ref var right = ref compare.Right.Kind == OperandKind.Column ? ref values[compare.Right.Column] : ref rightCopy;
        if (!left.Present || !right.Present) return compare.Operator == CompareOperator.NotEqual && left.Present != right.Present;
        switch (compare.Operator)
        {
            case CompareOperator.Contains: return left.Utf8.Span.IndexOf(right.Utf8.Span) >= 0;
            case CompareOperator.StartsWith: return left.Utf8.Span.StartsWith(right.Utf8.Span);
            case CompareOperator.EndsWith: return left.Utf8.Span.EndsWith(right.Utf8.Span);
        }
        var order = left.TryGetNumber(out var a) && right.TryGetNumber(out var b) ? a.CompareTo(b) : left.Utf8.Span.SequenceCompareTo(right.Utf8.Span);
        return compare.Operator switch
        {
            CompareOperator.Equal => order == 0,
            CompareOperator.NotEqual => order != 0,
            CompareOperator.Less => order < 0,
            CompareOperator.LessOrEqual => order <= 0,
            CompareOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static RowValue Value(in ConditionOperand operand, VariableResolver variables) => operand.Kind switch
    {
        OperandKind.Variable => VariableReference.TryParse(operand.Text, 0, out var reference) && variables.Lookup(reference) is { } text
            ? RowValue.FromText(text)
            : default,
        _ => operand.Literal,
    };
}
