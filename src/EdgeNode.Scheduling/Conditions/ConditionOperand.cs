using System.Globalization;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// One side of a comparison in a streaming condition: a column of the row (<c>[value]</c>), a variable (<c>!limit</c>,
/// read when the row is tested) or a literal. A literal that is a number is parsed once, when the condition is set.
/// </summary>
internal readonly record struct ConditionOperand(OperandKind Kind, string Text, int Column, double Number, bool IsNumber)
{
    public static ConditionOperand ForColumn(string name, int column) => new(OperandKind.Column, name, column, 0, false);

    public static ConditionOperand ForVariable(string reference) => new(OperandKind.Variable, reference, -1, 0, false);

    public static ConditionOperand ForLiteral(string text) =>
        new(OperandKind.Literal, text, -1, TryNumber(text, out var number) ? number : 0, TryNumber(text, out _));

    public static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

internal enum OperandKind : byte { Column, Variable, Literal }
