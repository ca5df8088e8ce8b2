using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

internal sealed class NotCondition(Condition inner) : Condition
{
    public override bool Matches(Policy policy) => !inner.Matches(policy);
}
