using System.Security.Cryptography;
using System.Text;

namespace EdgeNode.Ingest.Files;

/// <summary>
/// The file naming convention of SPEC §5: <c>&lt;dbms&gt;.&lt;table&gt;.&lt;source&gt;.&lt;hash&gt;.&lt;instructions&gt;[.&lt;tsd_member&gt;.&lt;tsd_row_id&gt;.&lt;tsd_date&gt;].json[.gz]</c>.
/// Sections after the table are optional (default <c>0</c>), but a name with more than five sections must have all
/// eight. <c>tsd_member</c> is the cluster member id of the first node that ingested the file, or <c>@</c> for rows
/// already inserted by streaming write-immediate; <c>tsd_date</c> is <c>YYMMDDHHMMSS</c> UTC.
/// </summary>
public sealed record DataFileName
{
    public required string Dbms { get; init; }
    public required string Table { get; init; }
    public string Source { get; init; } = "0";
    public string Hash { get; init; } = "0";
    public string Instructions { get; init; } = "0";
    public string? TsdMember { get; init; }
    public string? TsdRowId { get; init; }
    public string? TsdDate { get; init; }

    /// <summary><c>json</c> or <c>sql</c>.</summary>
    public string Type { get; init; } = "json";

    public bool Compressed { get; init; }

    public bool HasTsd => TsdMember is not null;

    public bool HasHash => Hash != "0";

    /// <summary>The name as written on disk.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append(Dbms).Append('.').Append(Table).Append('.').Append(Source).Append('.').Append(Hash).Append('.').Append(Instructions);
        if (HasTsd) builder.Append('.').Append(TsdMember).Append('.').Append(TsdRowId).Append('.').Append(TsdDate);
        builder.Append('.').Append(Type);
        if (Compressed) builder.Append(".gz");
        return builder.ToString();
    }

    /// <summary>Parses a file name (no directory). Returns null with a reason when it does not follow the convention.</summary>
    public static DataFileName? TryParse(string fileName, out string? error)
    {
        error = null;
        var name = fileName;
        var compressed = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (compressed) name = name[..^3];
        string type;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) type = "json";
        else if (name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) type = "sql";
        else if (compressed) type = "json";
        else
        {
            error = $"'{fileName}' is not a .json, .sql or .gz file";
            return null;
        }
        if (name.EndsWith("." + type, StringComparison.OrdinalIgnoreCase)) name = name[..^(type.Length + 1)];
        var parts = name.Split('.');
        if (parts.Length < 2)
        {
            error = $"'{fileName}' needs at least '<dbms>.<table>'";
            return null;
        }
        if (parts.Length > 5 && parts.Length != 8)
        {
            error = $"'{fileName}' has {parts.Length} sections: a name with more than 5 needs exactly 8 (dbms.table.source.hash.instructions.member.row_id.date)";
            return null;
        }
        if (Array.Find(parts, p => p.Length == 0) is not null)
        {
            error = $"'{fileName}' has an empty section";
            return null;
        }
        if (!IsIdentifier(parts[0]) || !IsIdentifier(parts[1]))
        {
            error = $"'{fileName}': dbms and table names may hold letters, digits and '_' only";
            return null;
        }
        string Part(int i) => i < parts.Length ? parts[i] : "0";
        return new DataFileName
        {
            Dbms = parts[0].ToLowerInvariant(),
            Table = parts[1].ToLowerInvariant(),
            Source = Part(2),
            Hash = Part(3),
            Instructions = Part(4),
            TsdMember = parts.Length == 8 ? parts[5] : null,
            TsdRowId = parts.Length == 8 ? parts[6] : null,
            TsdDate = parts.Length == 8 ? parts[7] : null,
            Type = type,
            Compressed = compressed,
        };
    }

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }

    /// <summary>
    /// EdgeLake's file hash: md5 of <c>"dbms.table"</c> followed by the file's bytes, then by <paramref name="scope"/> when given
    /// (where the bytes came from: identical bytes from another place are another file).
    /// </summary>
    public static string ComputeHash(string dbms, string table, ReadOnlySpan<byte> content, string? scope = null)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(Encoding.UTF8.GetBytes($"{dbms}.{table}"));
        md5.AppendData(content);
        if (scope is not null) md5.AppendData(Encoding.UTF8.GetBytes(scope));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary><c>YYMMDDHHMMSS</c> UTC, the date section of a TSD name.</summary>
    public static string FormatTsdDate(DateTime utc) => utc.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
