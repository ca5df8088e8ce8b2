using EdgeNode.Core.Variables;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// Tests a parsed condition on one row's column values. Two sides that both read as numbers compare as numbers, otherwise
/// as text (ordinal). A column the row lacks makes its comparisons false (and <c>!=</c> true).
/// </summary>
internal static class ConditionEvaluation
{
    public static bool Test(ConditionNode node, string?[] values, VariableResolver variables) => node switch
    {
        ConditionNode.And and => Test(and.Left, values, variables) && Test(and.Right, values, variables),
        ConditionNode.Or or => Test(or.Left, values, variables) || Test(or.Right, values, variables),
        ConditionNode.Not not => !Test(not.Inner, values, variables),
        ConditionNode.Compare compare => Compare(compare, values, variables),
        _ => false,
    };

    private static bool Compare(ConditionNode.Compare compare, string?[] values, VariableResolver variables)
    {
        var left = Value(compare.Left, values, variables);
        if (compare.Operator is null)
            return !string.IsNullOrEmpty(left) && left != "0" && !left.Equals("false", StringComparison.OrdinalIgnoreCase);
        var right = Value(compare.Right, values, variables);
        if (left is null || right is null) return compare.Operator == "!=" ? left != right : false;
        switch (compare.Operator)
        {
            case "contains": return left.Contains(right, StringComparison.Ordinal);
            case "startswith": return left.StartsWith(right, StringComparison.Ordinal);
            case "endswith": return left.EndsWith(right, StringComparison.Ordinal);
        }
        int order;
        if (Number(compare.Left, left, out var a) && Number(compare.Right, right, out var b)) order = a.CompareTo(b);
        else order = string.CompareOrdinal(left, right);
        return compare.Operator switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static string? Value(in ConditionOperand operand, string?[] values, VariableResolver variables) => operand.Kind switch
    {
        OperandKind.Column => values[operand.Column],
        OperandKind.Variable => VariableReference.TryParse(operand.Text, 0, out var reference) ? variables.Lookup(reference) : null,
        _ => operand.Text,
    };

    private static bool Number(in ConditionOperand operand, string text, out double value)
    {
        if (operand.Kind == OperandKind.Literal)
        {
            value = operand.Number;
            return operand.IsNumber;
        }
        return ConditionOperand.TryNumber(text, out value);
    }
}
