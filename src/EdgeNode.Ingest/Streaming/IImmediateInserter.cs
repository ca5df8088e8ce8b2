namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// What the streamer needs for write-immediate buffers (SPEC §7): the running operator inserts rows straight into their
/// table, under a <c>tsd_info</c> entry registered per buffer generation.
/// </summary>
internal interface IImmediateInserter
{
    /// <summary>The member id that stamps the rows (<c>tsd_name</c>) and names the buffer's file.</summary>
    string Member { get; }

    /// <summary>True when rows of dbms.table can be inserted directly (the table exists and its policies are published).</summary>
    bool IsReady(string dbms, string table);

    /// <summary>Registers a buffer generation in tsd_info under a placeholder hash; returns its row id.</summary>
    Task<long> RegisterAsync(BufferKey key, DateTime now, CancellationToken cancellation);

    /// <summary>Inserts rows stamped with the generation's id; false when they could not be (they load with the file).</summary>
    Task<bool> InsertAsync(BufferKey key, ReadOnlyMemory<byte> rows, long fileId, CancellationToken cancellation);
}
