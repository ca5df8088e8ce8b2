namespace EdgeNode.Core.Storage;

/// <summary>The time unit of a partition interval (<c>partition ... by 14 days</c>).</summary>
public enum PartitionUnit : byte
{
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}
