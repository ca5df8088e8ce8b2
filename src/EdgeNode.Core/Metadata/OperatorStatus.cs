namespace EdgeNode.Core.Metadata;

/// <summary>Reachability of an operator as the metadata layer tracks it (EdgeLake's <c>active</c> / <c>not_responding</c>).</summary>
public enum OperatorStatus : byte
{
    Active,
    NotResponding,
}
