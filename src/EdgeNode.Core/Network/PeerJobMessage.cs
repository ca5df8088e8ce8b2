namespace EdgeNode.Core.Network;

/// <summary>
/// One reply delivered to a job: a whole print/echo text, the rows of one <c>job reply</c> block, a confirmation that a
/// file landed, or a send failure. <see cref="ReceiverId"/> is the index of the destination in the request.
/// </summary>
public sealed record PeerJobMessage(int ReceiverId, PeerMessageKind Kind)
{
    public string Text { get; init; } = "";

    /// <summary>JSON rows of a <c>job reply</c> block (segments reassembled across blocks).</summary>
    public IReadOnlyList<string> Rows { get; init; } = [];

    /// <summary>The error code of the reply header (0 = success).</summary>
    public int ErrorCode { get; init; }

    public bool IsJson { get; init; }

    /// <summary>Partitions the operator queries for this job (0 or 1 when not partitioned).</summary>
    public int PartitionsUsed { get; init; }

    public int PartitionId { get; init; }

    /// <summary>The last block of this receiver's partition: that partition is complete.</summary>
    public bool IsLast { get; init; } = true;

    /// <summary>Operator DBMS time and send time in milliseconds, carried by the last block of a job reply.</summary>
    public uint DbmsMilliseconds { get; init; }

    public uint SendMilliseconds { get; init; }
}
