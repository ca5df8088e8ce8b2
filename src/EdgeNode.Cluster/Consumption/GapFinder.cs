using System.Globalization;
using EdgeNode.Core.IO;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Consumption;

/// <summary>
/// Which files of a member's TSD table this node lacks: the ids after the range's first id up to its last that its own
/// copy of the table does not list. Ids whose file is already in the watch dir (delivered, not loaded yet) or that the
/// source said are no file are not asked for; the validated id stops before the first id not in the table. The scan
/// stops once both are settled (the first hole found and <c>limit</c> ids listed): a query that asks only for the
/// validated id (limit 0) reads up to the first hole, not the whole range, and a range a peer claims is huge costs at
/// most its listed entries and <c>limit</c> ids.
/// </summary>
internal static class GapFinder
{
    private const int Page = 10_000;

    public sealed record Gaps(List<long> Missing, long ValidatedId);

    public static async Task<Gaps> FindAsync(ITimeFiles files, string table, long after, long last, IReadOnlySet<long> pending,
        IReadOnlySet<long> absent, int limit, CancellationToken cancellation)
    {
        var missing = new List<long>();
        if (last <= after) return new Gaps(missing, Math.Max(after, last));
        var totals = await files.TotalsAsync(table, new TsdRange { AfterId = after, ToId = last }, cancellation);
        if (totals.Files == last - after) return new Gaps(missing, last);
        long? firstHole = null;
        var next = after + 1;
        bool Settled() => firstHole is not null && missing.Count >= limit;
        // the ids from `next` to `through` that the table does not list; false once the answer is settled
        bool Holes(long through)
        {
            for (; next <= through; next++)
            {
                if (Settled()) return false;
                if (absent.Contains(next)) continue;
                firstHole ??= next;
                if (!pending.Contains(next) && missing.Count < limit) missing.Add(next);
            }
            return !Settled();
        }
        var scanning = true;
        for (var cursor = after; scanning;)
        {
            var page = await files.ListAsync(table, new TsdRange { AfterId = cursor, ToId = last, Limit = Page }, cancellation);
            foreach (var entry in page)
            {
                if (!(scanning = Holes(entry.FileId - 1))) break;
                next = entry.FileId + 1;
            }
            if (page.Count < Page) break;
            cursor = page[^1].FileId;
        }
        if (scanning) Holes(last);
        return new Gaps(missing, firstHole is { } hole ? hole - 1 : last);
    }

    /// <summary>The row ids of <paramref name="member"/>'s files waiting in the watch dir (8-section names).</summary>
    public static HashSet<long> Waiting(string watchDir, string member)
    {
        var ids = new HashSet<long>();
        if (!Directory.Exists(watchDir)) return ids;
        foreach (var path in Directory.EnumerateFiles(watchDir))
        {
            var file = Path.GetFileName(path);
            if (file.EndsWith(DurableFiles.PartialSuffix, StringComparison.Ordinal)) continue;
            if (DataFileName.TryParse(file, out _) is { HasTsd: true } name && name.TsdMember == member
                && long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                ids.Add(id);
        }
        return ids;
    }
}
