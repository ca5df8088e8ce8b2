namespace EdgeNode.Scheduling.Conditions;

/// <summary>A parsed condition: a comparison (or a lone operand, true when not empty, false or 0), or and/or/not of conditions.</summary>
internal abstract record ConditionNode
{
    public sealed record Compare(ConditionOperand Left, string? Operator, ConditionOperand Right) : ConditionNode;
    public sealed record And(ConditionNode Left, ConditionNode Right) : ConditionNode;
    public sealed record Or(ConditionNode Left, ConditionNode Right) : ConditionNode;
    public sealed record Not(ConditionNode Inner) : ConditionNode;
}
