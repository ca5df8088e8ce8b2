using System.Globalization;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// Where loaded data files are archived (EdgeLake's layout): <c>archive_dir/YY/MM/DD/</c> of the file's time (UTC), the
/// date of its 8-section name. The operator archives there, the HA distributor moves files there once its peers have
/// them, and a peer's consumer asks for them back by name.
/// </summary>
public static class ArchiveLayout
{
    /// <summary><c>archive_dir/YY/MM/DD</c> of a file time (UTC).</summary>
    public static string Folder(string archiveDir, DateTime fileTime) =>
        Path.Combine(archiveDir, fileTime.ToString("yy", CultureInfo.InvariantCulture), fileTime.ToString("MM", CultureInfo.InvariantCulture),
            fileTime.ToString("dd", CultureInfo.InvariantCulture));

    /// <summary>The archive folder of a TSD file name's date section (<c>YYMMDDHHMMSS</c>); null when it is not one.</summary>
    public static string? Folder(string archiveDir, DataFileName name) =>
        DataFileName.ParseTsdDate(name.TsdDate) is { } date ? Folder(archiveDir, date) : null;
}
