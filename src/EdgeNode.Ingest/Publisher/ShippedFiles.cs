using System.IO.Compression;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// What becomes of a file an operator confirmed (SPEC §6 options): deleted (<c>delete_json</c>, <c>delete_sql</c>) or
/// kept in <c>bkup_dir</c>, gzipped per <c>compress_json</c> / <c>compress_sql</c>; crash-safe as the operator's moves are.
/// </summary>
internal static class ShippedFiles
{
    public static void Finish(RoutedFile file, PublisherOptions options)
    {
        if (options.Deletes(file.Name.Type))
        {
            DataFiles.Delete(file.Path);
            return;
        }
        var name = file.Name.Compressed ? file.FileName[..^3] : file.FileName;
        DataFiles.Move(file.Path, options.BkupDir, name, options.Compresses(file.Name.Type));
    }

    /// <summary>The rows of a data file: its lines (a JSON row or an SQL value tuple each), read without loading it whole.</summary>
    public static long CountRows(RoutedFile file)
    {
        using var stream = File.OpenRead(file.Path);
        using var input = file.Name.Compressed ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        var buffer = new byte[1 << 16];
        long rows = 0;
        var last = (byte)'\n';
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            rows += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return last == '\n' ? rows : rows + 1;
    }
}
