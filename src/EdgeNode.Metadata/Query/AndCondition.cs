using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

internal sealed class AndCondition(IReadOnlyList<Condition> parts) : Condition
{
    public override bool Matches(Policy policy)
    {
        foreach (var part in parts)
            if (!part.Matches(policy)) return false;
        return true;
    }

    public override (string Attribute, string Value)? IndexHint => parts.Select(p => p.IndexHint).FirstOrDefault(h => h is not null);
}
