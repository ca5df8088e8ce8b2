using EdgeNode.Core.Variables;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Tests a parsed condition on one row's column values. Two sides that both read as numbers compare as numbers, otherwise
/// as text (ordinal). A column the row lacks makes its comparisons false (and <c>!=</c> true).
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

    private static bool Compare(ConditionNode.Compare compare, RowValue[] values, VariableResolver variables)
    {
        var left = Value(compare.Left, values, variables);
        if (compare.Operator == CompareOperator.Truthy)
            return left.Present && left.Text is { Length: > 0 } text && text != "0" && !text.Equals("false", StringComparison.OrdinalIgnoreCase);
        var right = Value(compare.Right, values, variables);
        if (!left.Present || !right.Present) return compare.Operator == CompareOperator.NotEqual && left.Present != right.Present;
        switch (compare.Operator)
        {
            case CompareOperator.Contains: return left.Text!.Contains(right.Text!, StringComparison.Ordinal);
            case CompareOperator.StartsWith: return left.Text!.StartsWith(right.Text!, StringComparison.Ordinal);
            case CompareOperator.EndsWith: return left.Text!.EndsWith(right.Text!, StringComparison.Ordinal);
        }
        var order = left.IsNumber && right.IsNumber ? left.Number.CompareTo(right.Number) : string.CompareOrdinal(left.Text, right.Text);
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

    private static RowValue Value(in ConditionOperand operand, RowValue[] values, VariableResolver variables) => operand.Kind switch
    {
        OperandKind.Column => values[operand.Column],
        OperandKind.Variable => VariableReference.TryParse(operand.Text, 0, out var reference) && variables.Lookup(reference) is { } text
            ? RowValue.FromText(text)
            : default,
        _ => operand.Literal,
    };
}
