namespace EdgeNode.Cluster.Distribution;

/// <summary>The distributor's counters for one cluster member (<c>get distributor</c>).</summary>
internal sealed class PeerDelivery(string member, string name, string address)
{
    public string Member { get; } = member;
    public string Name { get; set; } = name;
    public string Address { get; set; } = address;
    public long Files { get; set; }
    public long Bytes { get; set; }
    public long Failures { get; set; }
    public DateTime? LastSent { get; set; }
    public string LastError { get; set; } = "";
    public DateTime? LastErrorTime { get; set; }
}
