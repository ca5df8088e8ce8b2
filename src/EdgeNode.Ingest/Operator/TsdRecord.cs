namespace EdgeNode.Ingest.Operator;

/// <summary>
/// A file's entry in a TSD table: which table (<c>tsd_info</c>, or <c>tsd_&lt;member&gt;</c> for a peer's file), its row id,
/// whether this attempt created it (false: an earlier attempt crashed, its rows are replaced), its file time, and the
/// member whose rows these are (<c>tsd_name</c>).
/// </summary>
internal sealed record TsdRecord(string Table, long FileId, bool IsNew, DateTime FileTime, string Member);
