using EdgeNode.Core.Binding;

namespace EdgeNode.Query.Monitoring;

/// <summary>What one operator of a query did so far (a row of <c>query status</c>, of <c>query destination</c>).</summary>
internal sealed class OperatorProgress(IpPort address, string name, IReadOnlyList<string> tables)
{
    public IpPort Address { get; } = address;
    public string Name { get; } = name;
    public IReadOnlyList<string> Tables { get; } = tables;

    public int Partitions { get; set; }
    public int PartitionsDone { get; set; }
    public long Blocks { get; set; }
    public long Rows { get; set; }

    /// <summary>Sent, Processing, Completed, Failed, Timeout, Error.</summary>
    public string Status { get; set; } = "Sent";

    public string? Error { get; set; }

    public TimeSpan? Elapsed { get; set; }

    public uint DbmsMilliseconds { get; set; }
}
