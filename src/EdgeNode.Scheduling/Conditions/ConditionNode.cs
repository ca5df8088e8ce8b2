namespace EdgeNode.Scheduling.Conditions;

/// <summary>A parsed condition: a comparison (or a lone operand, true when not empty, false or 0), or and/or/not of conditions.</summary>
internal abstract record ConditionNode
{
    /// <summary>A comparison; <see cref="CompareOperator.Truthy"/> tests the left side alone.</summary>
    public sealed record Compare(ConditionOperand Left, CompareOperator Operator, ConditionOperand Right) : ConditionNode;
    public sealed record And(ConditionNode Left, ConditionNode Right) : ConditionNode;
    public sealed record Or(ConditionNode Left, ConditionNode Right) : ConditionNode;
    public sealed record Not(ConditionNode Inner) : ConditionNode;
}

/// <summary>The comparisons a streaming condition can make.</summary>
internal enum CompareOperator : byte { Truthy, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Contains, StartsWith, EndsWith }
