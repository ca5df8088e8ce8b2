using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// One data file from the watch dir to the database (SPEC §5 "Per file"): parse the name, register the hash in
/// <c>tsd_info</c>, make the table ready, load the rows in one transaction, move the file out of the watch dir (archive,
/// backup, distributor or delete), then complete the TSD entry. A file that fails goes to the error dir with the reason;
/// the next file goes on.
/// </summary>
internal sealed class FileProcessor
{
    private readonly Node _node;
    private readonly OperatorOptions _options;
    private readonly OperatorIdentity _identity;
    private readonly OperatorStatistics _stats;
    private readonly TableSetup _setup;
    private readonly TableLoader _loader;
    private readonly TsdLedger _tsd;
    private readonly SqlFileProcessor _sql;
    private readonly MappedFileLoader _mapped;

    public FileProcessor(Node node, OperatorOptions options, OperatorIdentity identity, OperatorStatistics stats, TableSetup setup)
    {
        _node = node;
        _options = options;
        _identity = identity;
        _stats = stats;
        _setup = setup;
        _loader = new TableLoader(setup);
        _tsd = new TsdLedger(node, identity);
        _sql = new SqlFileProcessor(node, options, stats, _tsd);
        _mapped = new MappedFileLoader(node);
    }

    private DateTime UtcNow => _node.Time.GetUtcNow().UtcDateTime;

    /// <summary>Loads one file; <paramref name="retrying"/> when it waited already for its database (its error is not counted again).</summary>
    public async Task<FileOutcome> ProcessAsync(string path, CancellationToken cancellation, bool retrying = false)
    {
        var work = new FileWork(path, UtcNow);
        if (!File.Exists(path)) return FileOutcome.Done; // taken by someone else meanwhile
        try
        {
            return work.IsSql ? await _sql.ProcessAsync(work, cancellation) : await ProcessJsonAsync(work, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw; // the operator stops: the file stays in the watch dir for the next run
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            return Wait(work, e, retrying);
        }
        catch (Exception e)
        {
            return await FailAsync(work, e);
        }
    }

    /// <summary>
    /// The database (or almgm) is down, unreachable, full or not connected yet: nothing is wrong with the file. It stays
    /// in the watch dir and is tried again until the database takes it (its tsd_info entry, if any, stays open: the retry
    /// continues it). A file of a DBMS that is never connected waits until it is, or until the user removes it.
    /// </summary>
    private static bool IsUnavailable(Exception e) => e switch
    {
        StorageException s => s.IsTransient || s.Code == ErrorCode.DbmsNotConnected,
        OperatorException o => o.Code == ErrorCode.DbmsNotConnected,
        _ => false,
    };

    private FileOutcome Wait(FileWork work, Exception e, bool retrying)
    {
        if (retrying) return FileOutcome.Waiting;
        var (code, reason) = Classify(e);
        reason += " (the file waits in the watch dir and is retried)";
        (work.IsSql ? _stats.SqlErrors : _stats.JsonErrors).Add(work.Dbms, work.Table, (int)code, reason, UtcNow);
        _node.Log.Error($"Operator: file {work.FileName} waits for its DBMS (error {(int)code}): {reason}");
        return FileOutcome.Waiting;
    }

    private async Task<FileOutcome> ProcessJsonAsync(FileWork work, CancellationToken cancellation)
    {
        var timer = Stopwatch.StartNew();
        var name = DataFileName.TryParse(work.FileName, out var error) ?? throw new OperatorException(ErrorCode.FileError, error!);
        (work.Dbms, work.Table) = (name.Dbms, name.Table);
        if (!_options.Processes(name.Dbms, name.Table)) return FileOutcome.Skipped;
        // a file waiting for its DBMS to be connected is checked before it is read or registered in tsd_info
        if (name.Instructions == "0") RequireDbms(name.Dbms);
        var now = work.Started;
        if (name.TsdMember == "@")
        {
            // write-immediate: the streamer inserted these rows already, the file is only kept
            var fileTime = DataFileName.ParseTsdDate(name.TsdDate) ?? now;
            if (_options.UpdateTsdInfo)
            {
                int lines;
                using (var written = DataFiles.Read(work.Path, _node.Memory)) lines = written.WrittenSpan.Count((byte)'\n');
                await _tsd.CompleteImmediateAsync(name, lines, cancellation);
            }
            Keep(work.Path, (name with { TsdMember = _identity.Member, Compressed = false }).ToString(), fileTime, default);
            _stats.JsonFile(name.Dbms, name.Table, now, immediate: true, timer.Elapsed.TotalSeconds);
            return FileOutcome.Done;
        }
        using var file = DataFiles.Read(work.Path, _node.Memory);
        var bytes = file.WrittenMemory;
        var hash = name.HasHash ? name.Hash : DataFileName.ComputeHash(name.Dbms, name.Table, bytes.Span);
        var content = DataFiles.WithoutBom(bytes);
        if (_options.UpdateTsdInfo)
        {
            try
            {
                work.Tsd = await _tsd.RegisterAsync(name, hash, now, cancellation);
            }
            catch (OperatorException e) when (e.Code == ErrorCode.DuplicateEntry && _identity.IsPeerFile(name))
            {
                // a cluster peer's file this node holds already: sent again by a distributor that restarted, or pulled by the
                // consumer while the distributor sent it too. Nothing is wrong: the copy goes, without an error file.
                DataFiles.Delete(work.Path);
                _node.Log.Event($"Operator: {work.FileName} is a cluster peer's file loaded before ({e.Message}); the copy is deleted");
                return FileOutcome.Done;
            }
        }
        var stamp = new RowStamp(now, work.Tsd?.Member ?? _identity.Member, work.Tsd?.FileId ?? 0);
        var replace = work.Tsd is { IsNew: false };
        long rows = 0;
        if (name.Instructions != "0")
        {
            foreach (var (dbms, table, mappedRows, declared) in _mapped.Map(name, content, now))
            {
                (work.Dbms, work.Table) = (dbms, table);
                rows += await LoadAsync(dbms, table, mappedRows, stamp, replace, declared, cancellation);
            }
        }
        else
        {
            try
            {
                rows = await LoadAsync(name.Dbms, name.Table, content, stamp, replace, null, cancellation);
            }
            catch (Exception e) when (!IsUnavailable(e) && RowTriage.Lines(content) is { Count: > 1 } lines
                                      && (RowTriage.IsRowLevel(e) || lines.Exists(l => RowCheck.Check(l.Span, 0) is not null)))
            {
                rows = await SortRowsAsync(work, name, hash, lines, stamp, replace, cancellation);
            }
        }
        Keep(work.Path, KeptName(name, hash, work.Tsd), work.Tsd?.FileTime ?? now, bytes.Span, _identity.IsPeerFile(name));
        if (work.Tsd is { } tsd) await _tsd.CompleteAsync(tsd, rows, cancellation);
        _stats.JsonFile(name.Dbms, name.Table, now, immediate: false, timer.Elapsed.TotalSeconds);
        return FileOutcome.Done;
    }

    /// <summary>
    /// A file of many rows failed because of some of them (<see cref="RowTriage"/>): the others load, the refused ones go to
    /// the error dir in a file of their own, with the reason of each. Returns the rows loaded.
    /// </summary>
    private async Task<long> SortRowsAsync(FileWork work, DataFileName name, string hash, List<ReadOnlyMemory<byte>> lines, RowStamp stamp,
        bool replace, CancellationToken cancellation)
    {
        var outcome = await RowTriage.SortAsync(lines, replace,
            (part, replacing) => LoadAsync(name.Dbms, name.Table, part, stamp, replacing, null, cancellation), Classify);
        if (outcome.Refused.Count == 0) return outcome.Loaded;
        var (code, first) = outcome.Refused[0].Problem;
        var reason = $"{outcome.Refused.Count} of {lines.Count} rows refused, {outcome.Loaded} loaded: "
                     + string.Join("; ", outcome.Refused.Take(20).Select(r => r.Problem.Message))
                     + (outcome.Refused.Count > 20 ? "; ..." : "");
        var refusedRows = RowTriage.Join(outcome.Refused.Select(r => r.Row).ToList(), Enumerable.Range(0, outcome.Refused.Count).ToList());
        // the refused rows are a file of their own (own hash): 'reprocess error files' loads them as new rows
        var refusedName = new DataFileName
        {
            Dbms = name.Dbms, Table = name.Table, Source = name.Source, Instructions = name.Instructions,
            Hash = DataFileName.ComputeHash(name.Dbms, name.Table, refusedRows.Span, scope: hash),
        }.ToString();
        var path = DataFiles.WriteRefusedRows(_options.ErrDir, refusedName, code, reason, refusedRows.Span, UtcNow);
        _stats.JsonErrors.Add(name.Dbms, name.Table, (int)code, reason, UtcNow);
        _node.Log.Error($"Operator: file {work.FileName}: {outcome.Refused.Count} of {lines.Count} rows refused (error {(int)code}: {first}), " +
                        $"the other {outcome.Loaded} loaded; refused rows in {path}");
        return outcome.Loaded;
    }

    /// <summary>Loads rows into dbms.table and counts them (as streaming write-immediate inserts with <paramref name="immediate"/>); returns the rows loaded.</summary>
    public async Task<long> LoadAsync(string dbmsName, string table, ReadOnlyMemory<byte> content, RowStamp stamp, bool replace,
        IReadOnlyList<InferredColumn>? declared, CancellationToken cancellation, bool immediate = false)
    {
        var dbms = RequireDbms(dbmsName);
        var (result, seconds) = await _loader.LoadAsync(_setup.Get(dbmsName, table), dbms, content, stamp, replace, declared, cancellation);
        foreach (var physical in result.RowsByTable.Keys) _stats.SqlFile(dbmsName, PhysicalDisplay(table, physical), stamp.InsertTime);
        _stats.Inserted(dbmsName, table, result.Rows, immediate, seconds, stamp.InsertTime);
        return result.Rows;
    }

    private IDbms RequireDbms(string dbmsName) =>
        _node.Services.Find<IDbmsRegistry>()?.Find(dbmsName)
        ?? throw new OperatorException(ErrorCode.DbmsNotConnected, $"DBMS '{dbmsName}' is not connected (connect dbms {dbmsName} where type = sqlite)");

    /// <summary>The name a loaded file keeps: its hash filled in and, with TSD, the 8 sections (member, row id, date).</summary>
    private static string KeptName(DataFileName name, string hash, TsdRecord? tsd)
    {
        var kept = name with { Hash = hash, Compressed = false };
        if (tsd is not null && !name.HasTsd)
            kept = kept with
            {
                TsdMember = tsd.Member, TsdRowId = tsd.FileId.ToString(CultureInfo.InvariantCulture), TsdDate = DataFileName.FormatTsdDate(tsd.FileTime),
            };
        return kept.ToString();
    }

    /// <summary>
    /// Takes a loaded JSON file out of the watch dir as the options say: the distributor's dir (a file this node ingested
    /// first, for its cluster peers), delete, archive, else bkup. With the distributor a peer's file is archived: a member
    /// that misses it may ask this node for it.
    /// </summary>
    private void Keep(string path, string name, DateTime fileTime, ReadOnlySpan<byte> content, bool peerFile = false)
    {
        var distributes = _options.Distributes(_node);
        if (distributes && !peerFile)
        {
            DataFiles.Move(path, _options.DistrDir, name, _options.CompressJson, content);
            return;
        }
        if (_options.DeleteJson)
        {
            DataFiles.Delete(path);
            return;
        }
        var directory = _options.ArchiveJson || distributes ? ArchiveLayout.Folder(_options.ArchiveDir, fileTime) : _options.BkupDir;
        DataFiles.Move(path, directory, name, _options.CompressJson, content);
    }

    private async Task<FileOutcome> FailAsync(FileWork work, Exception e)
    {
        var (code, reason) = Classify(e);
        var now = UtcNow;
        if (work.Tsd is { } tsd) await _tsd.FailAsync(tsd, code, reason);
        (work.IsSql ? _stats.SqlErrors : _stats.JsonErrors).Add(work.Dbms, work.Table, (int)code, reason, now);
        _node.Log.Error($"Operator: file {work.FileName} failed (error {(int)code}): {reason}");
        if (code == ErrorCode.ProcessFailure) _node.Log.Error($"Operator: {e}");
        try
        {
            if (File.Exists(work.Path)) DataFiles.MoveToErrors(work.Path, _options.ErrDir, code, reason, now);
            return FileOutcome.Done;
        }
        catch (Exception move) when (move is IOException or UnauthorizedAccessException)
        {
            // left in the watch dir but not offered again until the operator restarts: no retry loop on a broken disk
            _node.Log.Error($"Operator: moving {work.FileName} to the error dir failed: {move.Message}");
            return FileOutcome.Skipped;
        }
    }

    private static (ErrorCode Code, string Reason) Classify(Exception e) => e switch
    {
        OperatorException o => (o.Code, o.Message),
        StorageException s => (s.Code, s.Message),
        JsonException j => (ErrorCode.JsonError, $"bad JSON: {j.Message}"),
        InvalidDataException d => (ErrorCode.FileError, $"not a valid gzip file: {d.Message}"),
        IOException or UnauthorizedAccessException => (ErrorCode.FileError, e.Message),
        _ => (ErrorCode.ProcessFailure, e.Message),
    };

    /// <summary><c>par_rand_data_2026_11_01_d14_insert_timestamp</c> → <c>rand_data.2026_11_01_d14_insert_timestamp</c>, as <c>get operator</c> shows partitions.</summary>
    public static string PhysicalDisplay(string table, string physical)
    {
        var prefix = "par_" + table + "_";
        return physical.StartsWith(prefix, StringComparison.Ordinal) ? table + "." + physical[prefix.Length..] : physical;
    }
}
