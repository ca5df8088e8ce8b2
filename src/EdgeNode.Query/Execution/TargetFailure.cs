using EdgeNode.Core.Commands;

namespace EdgeNode.Query.Execution;

/// <summary>An operator that did not answer a query, or answered with an error (its code, or 0 when it was not reached).</summary>
internal sealed record TargetFailure(QueryTarget Target, string Reason, ErrorCode Code = ErrorCode.Success)
{
    public override string ToString() => $"operator {Target.Address}{(Target.Name == Target.Address.ToString() ? "" : $" ({Target.Name})")}: {Reason}";
}
