namespace EdgeNode.Core.Network;

/// <summary>The partition a <c>job reply</c> covers and the operator timings its last block carries.</summary>
public sealed record JobReplyInfo(int PartitionsUsed, int PartitionId)
{
    /// <summary>
    /// The error code sent instead of rows (e.g. the query failed), one of EdgeLake's codes; 0 for rows. With a code the
    /// message carries <see cref="ErrorText"/> instead of rows, as EdgeLake operators answer a failed query.
    /// </summary>
    public int ErrorCode { get; init; }

    public string ErrorText { get; init; } = "";

    public uint DbmsMilliseconds { get; init; }

    public uint SendMilliseconds { get; init; }
}
