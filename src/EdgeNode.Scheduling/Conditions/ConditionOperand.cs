namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// One side of a comparison in a streaming condition: a column of the row (<c>[value]</c>), a variable (<c>!limit</c>,
/// read when the row is tested) or a literal, read (as UTF-8, and as a number when it is one) when the condition is set.
/// </summary>
internal readonly record struct ConditionOperand(OperandKind Kind, string Text, int Column, RowValue Literal)
{
    public static ConditionOperand ForColumn(string name, int column) => new(OperandKind.Column, name, column, default);

    public static ConditionOperand ForVariable(string reference) => new(OperandKind.Variable, reference, -1, default);

    public static ConditionOperand ForLiteral(string text) => new(OperandKind.Literal, text, -1, RowValue.Literal(text));
}

internal enum OperandKind : byte { Column, Variable, Literal }
