using EdgeNode.Core.Metadata;

namespace EdgeNode.Metadata.Query;

/// <summary>A <c>where</c> condition of <c>blockchain get</c>, evaluated on one policy.</summary>
internal abstract class Condition
{
    public abstract bool Matches(Policy policy);

    /// <summary>An <c>attribute = value</c> every matching policy must satisfy, usable to narrow the search with an index.</summary>
    public virtual (string Attribute, string Value)? IndexHint => null;
}
