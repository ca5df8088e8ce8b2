namespace EdgeNode.Core.Storage;

/// <summary>
/// The file ledger in <c>almgm</c>: <c>tsd_info</c> for files this node ingested first, <c>tsd_&lt;member&gt;</c> for files
/// of cluster peers. The operator records each file here (unique by hash) to load it exactly once:
/// <list type="number">
/// <item><see cref="RegisterAsync"/> the hash before loading: a duplicate hash returns the existing entry
/// (<c>IsNew</c> false) whose <c>Status1</c> tells whether the earlier load finished.</item>
/// <item>Load the rows with <c>tsd_name</c>/<c>tsd_id</c> and <see cref="BulkLoadOptions.ReplaceTsdId"/> set, so a retry
/// replaces what a crashed attempt committed.</item>
/// <item><see cref="CompleteAsync"/> with the row count; only then archive the file.</item>
/// </list>
/// Requires <c>connect dbms almgm</c> and <c>create table tsd_info where dbms = almgm</c>; otherwise methods throw
/// <see cref="StorageException"/> (<c>DbmsNotConnected</c> / <c>TableNotFound</c>).
/// </summary>
public interface ITimeFiles
{
    /// <summary>The TSD table of a cluster member (<c>tsd_&lt;member&gt;</c>), or <c>tsd_info</c> for null/0.</summary>
    string TableFor(string? member);

    Task<TsdEntry?> FindByHashAsync(string hash, string table = "tsd_info", CancellationToken cancellation = default);

    /// <summary>The entry with this row id, or null.</summary>
    Task<TsdEntry?> FindByIdAsync(long fileId, string table = "tsd_info", CancellationToken cancellation = default);

    /// <summary>
    /// Sets the hash of an entry registered under a placeholder (streaming write-immediate registers a buffer before its
    /// file exists) and clears its status, so the file is loaded under this entry; false when the id is unknown.
    /// </summary>
    Task<bool> SetHashAsync(long fileId, string hash, string table = "tsd_info", CancellationToken cancellation = default);

    /// <summary>
    /// Inserts an entry (its <c>FileId</c> is used only for <c>tsd_&lt;member&gt;</c> tables, where it is the peer's id) unless
    /// the hash is known; returns the stored entry and whether it is new.
    /// </summary>
    Task<(TsdEntry Entry, bool IsNew)> RegisterAsync(TsdEntry entry, string table = "tsd_info", CancellationToken cancellation = default);

    /// <summary>Creates a TSD table (<c>tsd_&lt;member&gt;</c> for a cluster peer's files) when it does not exist.</summary>
    Task EnsureTableAsync(string table, CancellationToken cancellation = default);

    /// <summary>The TSD tables in almgm, <c>tsd_info</c> first.</summary>
    Task<IReadOnlyList<string>> TablesAsync(CancellationToken cancellation = default);

    /// <summary>The entries of a TSD table in a range (none when the table does not exist).</summary>
    Task<IReadOnlyList<TsdEntry>> ListAsync(string table, TsdRange range, CancellationToken cancellation = default);

    /// <summary>How many entries (and rows) a TSD table holds in a range, and their first and last row id.</summary>
    Task<TsdTotals> TotalsAsync(string table, TsdRange range, CancellationToken cancellation = default);

    /// <summary>Records the rows loaded and the status of a file; false when the id is unknown.</summary>
    Task<bool> CompleteAsync(long fileId, long rows, string status1 = "", string status2 = "", string table = "tsd_info",
        CancellationToken cancellation = default);
}
