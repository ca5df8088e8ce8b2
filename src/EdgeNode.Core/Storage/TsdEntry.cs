namespace EdgeNode.Core.Storage;

/// <summary>
/// A row of <c>almgm.tsd_info</c> (or <c>tsd_&lt;member&gt;</c>): one ingested file (SPEC §5). <see cref="FileTime"/> is UTC.
/// </summary>
public sealed record TsdEntry(long FileId, string Dbms, string Table, string Source, string Hash, string Instructions,
    DateTime FileTime, long Rows, string Status1, string Status2);
