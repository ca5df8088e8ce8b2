using EdgeNode.Cluster.Protocol;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// A member's side of <c>event get_recent_tsd_info</c> (EdgeLake's <c>ha.get_recent_tsd_info</c>): in the TSD table asked
/// for (this node's own <c>tsd_info</c> when it names this node's member id), the last file at or before the start date
/// (or, when none is, the id before the first file), and the last file at or before the end date (or the last one).
/// </summary>
internal static class TsdSummaryReader
{
    /// <summary>The local table that holds the files of <paramref name="table"/>.</summary>
    public static string LocalTable(string table, string selfMember) =>
        table.Equals("tsd_" + selfMember, StringComparison.OrdinalIgnoreCase) ? "tsd_info" : table.ToLowerInvariant();

    public static async Task<TsdSummary> ReadAsync(ITimeFiles files, string table, string localTable, DateTime? start, DateTime? end,
        IReadOnlyDictionary<string, long> safeIds, CancellationToken cancellation)
    {
        TsdEntry? first = null;
        long firstId = 0;
        if (start is not null)
        {
            var before = await files.ListAsync(localTable, new TsdRange { Until = start, NewestFirst = true, Limit = 1 }, cancellation);
            if (before.Count > 0) (first, firstId) = (before[0], before[0].FileId);
        }
        if (first is null)
        {
            var oldest = await files.ListAsync(localTable, new TsdRange { Limit = 1 }, cancellation);
            if (oldest.Count == 0) return new TsdSummary(table, "0", 0, "0", 0, safeIds);
            (first, firstId) = (oldest[0], oldest[0].FileId - 1); // the first file is after the start: all of them count
        }
        var last = await files.ListAsync(localTable, new TsdRange { Until = end, NewestFirst = true, Limit = 1 }, cancellation);
        var (lastDate, lastId) = last.Count > 0 && last[0].FileId >= firstId
            ? (TsdSummary.FormatDate(last[0].FileTime), last[0].FileId)
            : (TsdSummary.FormatDate(first.FileTime), firstId);
        return new TsdSummary(table, TsdSummary.FormatDate(first.FileTime), firstId, lastDate, lastId, safeIds);
    }
}
