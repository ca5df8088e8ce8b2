using System.Globalization;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;

namespace EdgeNode.Cluster.Sync;

/// <summary>
/// A file a peer was asked for and does not have in its archive (<c>event missing_archived_file &lt;tsd table&gt; &lt;file
/// name&gt;</c>, EdgeLake's <c>ha.process_missing_archived_file</c>): it is entered in the TSD table with its member's row
/// id, no rows, status 1 <c>01</c> and status 2 <c>Missing archived data with member N</c>, so the gap is known
/// (<c>get tsd errors</c>, <c>get consumer</c>) and not asked for again.
/// </summary>
internal static class MissingArchivedFiles
{
    public const string Status = "01";

    public const string EventName = "event missing_archived_file";

    /// <summary>Records the file; false (with the reason) when its name is not an 8-section TSD name, or it was recorded before.</summary>
    public static async Task<(bool Recorded, string Reason)> RecordAsync(ITimeFiles files, string table, string fileName, DateTime now,
        CancellationToken cancellation)
    {
        var name = DataFileName.TryParse(fileName, out var error);
        if (name is null) return (false, error ?? "not a data file name");
        if (!name.HasTsd || !long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return (false, $"'{fileName}' has no member and row id (an 8-section name)");
        await files.EnsureTableAsync(table, cancellation);
        var entry = new TsdEntry(id, name.Dbms, name.Table, name.Source, name.Hash, name.Instructions,
            DataFileName.ParseTsdDate(name.TsdDate) ?? now, 0, Status, $"Missing archived data with member {name.TsdMember}");
        var (_, isNew) = await files.RegisterAsync(entry, table, cancellation);
        return (isNew, isNew ? "" : "recorded before");
    }

    /// <summary>The wire form of the event a member sends the consumer that asked for the file.</summary>
    public static string Message(string table, string fileName) => $"{EventName} {table} {fileName}";
}
