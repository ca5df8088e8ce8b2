using System.Globalization;

namespace EdgeNode.Storage.TimeFiles;

/// <summary>
/// The sections of a data file name (SPEC §5): <c>&lt;dbms&gt;.&lt;table&gt;.&lt;source&gt;.&lt;hash&gt;.&lt;instructions&gt;[.&lt;tsd_member&gt;.&lt;tsd_row_id&gt;.&lt;tsd_date&gt;].json[.gz]</c>.
/// Sections after the table are optional (default <c>0</c>); more than five requires all eight.
/// </summary>
internal sealed record TsdFileName(string Dbms, string Table, string Source, string Hash, string Instructions,
    string Member, long RowId, DateTime? Date, string Extension)
{
    private static readonly string[] KnownExtensions = ["json", "sql", "gz", "txt", "csv"];

    public static bool TryParse(string path, out TsdFileName name, out string error)
    {
        name = null!;
        var file = Path.GetFileName(path);
        var parts = file.Split('.').ToList();
        var extension = "";
        while (parts.Count > 1 && KnownExtensions.Contains(parts[^1], StringComparer.OrdinalIgnoreCase))
        {
            extension = "." + parts[^1] + extension;
            parts.RemoveAt(parts.Count - 1);
        }
        if (parts.Count < 2 || parts.Take(2).Any(p => p.Length == 0))
        {
            error = $"file name '{file}' does not start with '<dbms>.<table>'";
            return false;
        }
        if (parts.Count > 5 && parts.Count != 8)
        {
            error = $"file name '{file}' has {parts.Count} sections: expected at most 5, or exactly 8 (dbms.table.source.hash.instructions.member.row_id.date)";
            return false;
        }
        string Part(int i) => i < parts.Count && parts[i].Length > 0 ? parts[i] : "0";
        long rowId = 0;
        DateTime? date = null;
        if (parts.Count == 8)
        {
            if (!long.TryParse(parts[6], NumberStyles.None, CultureInfo.InvariantCulture, out rowId))
            {
                error = $"file name '{file}': TSD row id '{parts[6]}' is not a number";
                return false;
            }
            if (!DateTime.TryParseExact(parts[7], "yyMMddHHmmss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                error = $"file name '{file}': TSD date '{parts[7]}' is not YYMMDDHHMMSS";
                return false;
            }
            date = parsed;
        }
        name = new TsdFileName(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), Part(2), Part(3), Part(4), Part(5), rowId, date, extension);
        error = "";
        return true;
    }

    /// <summary>The five-section name with other values (for <c>time file rename</c>).</summary>
    public string FormatBase() => $"{Dbms}.{Table}.{Source}.{Hash}.{Instructions}";
}
