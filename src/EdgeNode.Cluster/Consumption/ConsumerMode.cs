namespace EdgeNode.Cluster.Consumption;

/// <summary><c>active</c>: the consumer asks members for the files it misses; <c>suspend</c>: it only exchanges TSD summaries.</summary>
internal enum ConsumerMode : byte
{
    Active,
    Suspend,
}
