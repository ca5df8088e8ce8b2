using System.Diagnostics;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// SQL files in the watch dir (<c>&lt;dbms&gt;.&lt;table&gt;.&lt;partition&gt;....sql</c>, as EdgeLake writes them for a retry):
/// all its statements run in one transaction of the file's DBMS; the file then goes to the archive
/// (<c>archive_sql</c>), to bkup_dir (<c>move_sql</c>, gzipped by <c>compress_sql</c>) or is deleted. With
/// <c>update_tsd_info</c> a completed hash is refused as a duplicate. EdgeNode itself never writes SQL files: JSON is
/// loaded directly.
/// </summary>
internal sealed class SqlFileProcessor(Node node, OperatorOptions options, OperatorStatistics stats, TsdLedger tsd)
{
    public async Task<FileOutcome> ProcessAsync(FileWork work, CancellationToken cancellation)
    {
        var timer = Stopwatch.StartNew();
        var sections = DataFiles.SplitExtension(work.FileName).Stem.Split('.');
        if (sections.Length < 2 || !DataFileName.IsIdentifier(sections[0]) || !DataFileName.IsIdentifier(sections[1]))
            throw new OperatorException(ErrorCode.FileError, $"'{work.FileName}' does not start with '<dbms>.<table>.'");
        (work.Dbms, work.Table) = (sections[0].ToLowerInvariant(), sections[1].ToLowerInvariant());
        if (!options.Processes(work.Dbms, work.Table)) return FileOutcome.Skipped;
        var dbms = node.Services.Find<IDbmsRegistry>()?.Find(work.Dbms)
                   ?? throw new OperatorException(ErrorCode.DbmsNotConnected, $"DBMS '{work.Dbms}' is not connected");
        using var file = DataFiles.Read(work.Path, node.Memory);
        var content = file.WrittenMemory;
        if (options.UpdateTsdInfo)
        {
            var name = new DataFileName { Dbms = work.Dbms, Table = work.Table, Type = "sql" };
            work.Tsd = await tsd.RegisterAsync(name, DataFileName.ComputeHash(work.Dbms, work.Table, content.Span), work.Started, cancellation);
        }
        var started = Stopwatch.GetTimestamp();
        long rows;
        await using (var load = await dbms.BeginLoadAsync(work.Table, [], null, cancellation))
        {
            // both engines run every statement of a command text (SQLite in turn, Npgsql as a batch) and sum the rows
            rows = await load.ExecuteAsync(Encoding.UTF8.GetString(content.Span), cancellation);
            await load.CommitAsync(cancellation);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (options.ArchiveSql) DataFiles.Move(work.Path, ArchiveLayout.Folder(options.ArchiveDir, work.Started), Kept(work), options.CompressSql);
        else if (options.MoveSql) DataFiles.Move(work.Path, options.BkupDir, Kept(work), options.CompressSql);
        else DataFiles.Delete(work.Path);
        if (work.Tsd is { } record) await tsd.CompleteAsync(record, rows, cancellation);
        var display = sections.Length > 2 && sections[2] != "0" ? $"{work.Table}.{sections[2]}" : work.Table;
        stats.SqlFile(work.Dbms, display, work.Started);
        stats.Inserted(work.Dbms, work.Table, rows, immediate: false, seconds, work.Started);
        stats.Processed(timer.Elapsed.TotalSeconds);
        return FileOutcome.Done;
    }

    private static string Kept(FileWork work) => DataFiles.SplitExtension(work.FileName).Stem + ".sql";
}
