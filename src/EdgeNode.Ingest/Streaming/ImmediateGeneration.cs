namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// The rows of a write-immediate buffer between two flushes: the tsd_info entry they are stamped with, the member, when
/// it began, and whether some rows could not be inserted (<see cref="Partial"/>: the file then loads them all, replacing).
/// </summary>
internal sealed class ImmediateGeneration(long fileId, string member, DateTime started)
{
    public long FileId { get; } = fileId;
    public string Member { get; } = member;
    public DateTime Started { get; } = started;
    public bool Partial { get; set; }

    /// <summary>The journal name section that lets recovery load the rows under the same entry: <c>i&lt;id&gt;-&lt;member&gt;-&lt;yyMMddHHmmss&gt;</c>.</summary>
    public string JournalTag => $"i{FileId}-{Member}-{Core.Ingest.DataFileName.FormatTsdDate(Started)}";

    public static ImmediateGeneration? FromJournalTag(string tag)
    {
        var parts = tag.Split('-');
        return parts.Length == 3 && tag.StartsWith('i') && long.TryParse(parts[0][1..], out var id)
                                 && DateTime.TryParseExact(parts[2], "yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture,
                                     System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var started)
            ? new ImmediateGeneration(id, parts[1], started) { Partial = true }
            : null;
    }
}
