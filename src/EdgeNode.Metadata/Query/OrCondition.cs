using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

internal sealed class OrCondition(IReadOnlyList<Condition> parts) : Condition
{
    public override bool Matches(Policy policy)
    {
        foreach (var part in parts)
            if (part.Matches(policy)) return true;
        return false;
    }
}
