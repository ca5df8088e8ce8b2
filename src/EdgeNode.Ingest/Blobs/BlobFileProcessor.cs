using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.IO;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Files;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// Takes one file of <c>bwatch_dir</c> through the archiver, crash-safely:
/// <list type="number">
/// <item>each row's blobs are checked (in <c>blobs_dir</c>: size limit, md5 against the id; or stored before) and
/// stored (<see cref="BlobStore.StoreAsync"/>: committed, then taken out of <c>blobs_dir</c>);</item>
/// <item>rejected blobs and their rows go to the error dir with the reason, the file keeps the other rows (rewritten
/// atomically);</item>
/// <item>the file is renamed into the watch dir for the operator: the one step that hands the rows on.</item>
/// </list>
/// A crash anywhere leaves the file in <c>bwatch_dir</c> and every blob either still in <c>blobs_dir</c> or stored; the
/// next run finds the stored ones stored (a blob is kept once per table and hash) and goes on, so no blob is lost or
/// kept twice, and the rows reach the operator once.
/// </summary>
internal sealed class BlobFileProcessor(Node node, BlobsArchiverOptions options, BlobStore store, BlobsArchiverStatistics stats)
{
    /// <summary>The column that names a row's blob when no mapping policy names others (EdgeLake's default).</summary>
    public const string DefaultColumn = "file";

    /// <summary>Row files larger than this are refused (they hold rows describing blobs, not the blobs).</summary>
    public const long MaxRowFileBytes = 64L * 1024 * 1024;

    /// <summary>Locks by blob name (striped): two row files naming the same blob do not check and store it at once.</summary>
    private readonly SemaphoreSlim[] _blobLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private DateTime UtcNow => node.Time.GetUtcNow().UtcDateTime;

    public async Task<FileOutcome> ProcessAsync(string path, bool retrying, CancellationToken cancellation)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path)) return FileOutcome.Done; // taken by someone else meanwhile
        try
        {
            await ProcessFileAsync(path, file, cancellation);
            return FileOutcome.Done;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw; // the archiver stops: the file stays in bwatch_dir, what was stored is found stored on the next run
        }
        catch (StorageException e) when (e.IsTransient || e.Code == ErrorCode.DbmsNotConnected)
        {
            if (!retrying)
            {
                var reason = $"{e.Message} (the file waits in bwatch_dir and is retried)";
                stats.FileFailed(file, e.Code, reason);
                node.Log.Error($"Blobs archiver: file {file} waits for its database (error {(int)e.Code}): {reason}");
            }
            return FileOutcome.Waiting;
        }
        catch (Exception e) when (e is BlobFileException or StorageException or IOException or UnauthorizedAccessException)
        {
            var code = e switch
            {
                BlobFileException b => b.Code,
                StorageException s => s.Code,
                _ => ErrorCode.FileError,
            };
            RejectFile(path, file, code, e.Message);
            return FileOutcome.Done;
        }
    }

    private async Task ProcessFileAsync(string path, string file, CancellationToken cancellation)
    {
        var name = DataFileName.TryParse(file, out var nameError) ?? throw new BlobFileException(ErrorCode.FileError, nameError!);
        if (new FileInfo(path).Length > MaxRowFileBytes)
            throw new BlobFileException(ErrorCode.MessageTooLarge, $"the file has more than {MaxRowFileBytes:#,0} bytes of rows");
        using var bytes = DataFiles.Read(path, node.Memory);
        var content = DataFiles.WithoutBom(bytes.WrittenMemory);
        var rows = BlobRowFile.Parse(content, BlobColumns(name.Instructions));
        var table = $"{name.Dbms}.{name.Table}";
        var rejected = new List<(int Row, BlobRejection Rejection)>();
        for (var i = 0; i < rows.Rows.Count; i++)
        {
            var (blobs, error) = rows.Rows[i];
            var rejection = error is null ? null : new BlobRejection(ErrorCode.JsonError, error);
            foreach (var id in blobs)
            {
                if (rejection is not null) break;
                rejection = await StoreAsync(name, id, cancellation);
                if (rejection is null) stats.BlobStored(table, id.ToString());
                else stats.BlobFailed(table, id.ToString(), rejection.Code, rejection.Reason);
            }
            if (rejection is not null) rejected.Add((i + 1, rejection));
        }
        if (rejected.Count == 0)
        {
            Commit(path, name, content, rewrite: false);
            stats.FileDone(file);
            return;
        }
        var now = UtcNow;
        foreach (var (_, rejection) in rejected)
            if (rejection.BlobPath is { } blob && File.Exists(blob)) DataFiles.MoveToErrors(blob, options.ErrDir, rejection.Code, rejection.Reason, now);
        var reason = string.Join("; ", rejected.Select(r => r.Rejection.Reason));
        var first = rejected[0].Rejection.Code;
        stats.FileFailed(file, first, reason);
        node.Log.Error($"Blobs archiver: {rejected.Count} of {rows.Rows.Count} rows of {file} rejected: {reason}");
        if (rejected.Count == rows.Rows.Count || name.Compressed)
        {
            // nothing to pass on, or a gzipped file that cannot be rewritten in place: the whole file goes aside
            DataFiles.MoveToErrors(path, options.ErrDir, first, reason, now);
            return;
        }
        var bad = rejected.Select(r => r.Row - 1).ToHashSet();
        DataFiles.WriteToErrors(file, Join(rows.Lines.Where((_, i) => bad.Contains(i))), options.ErrDir, first, reason, now);
        Commit(path, name, Join(rows.Lines.Where((_, i) => !bad.Contains(i))), rewrite: true);
    }

    /// <summary>The blob files (in <c>blobs_dir</c>) the rows of a row file name; null when the file cannot be read as one.</summary>
    public IReadOnlyList<string>? ReferencedBlobs(string path)
    {
        try
        {
            var name = DataFileName.TryParse(Path.GetFileName(path), out _);
            if (name is null) return null;
            using var bytes = DataFiles.Read(path, node.Memory);
            var rows = BlobRowFile.Parse(DataFiles.WithoutBom(bytes.WrittenMemory), BlobColumns(name.Instructions));
            return rows.Rows.SelectMany(r => r.Blobs).Select(id => id.FileName(name.Dbms, name.Table)).ToList();
        }
        catch (Exception e) when (e is BlobFileException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Checks and stores one blob, alone with it; the reason when it cannot be stored.</summary>
    private async Task<BlobRejection?> StoreAsync(DataFileName name, BlobId id, CancellationToken cancellation)
    {
        var gate = _blobLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(id.Hash) % (uint)_blobLocks.Length)];
        await gate.WaitAsync(cancellation);
        try
        {
            return await CheckAndStoreAsync(name, id, cancellation);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<BlobRejection?> CheckAndStoreAsync(DataFileName name, BlobId id, CancellationToken cancellation)
    {
        var destinations = options.Destinations;
        var blobFile = id.FileName(name.Dbms, name.Table);
        var path = Path.Combine(options.BlobsDir, blobFile);
        if (!File.Exists(path))
        {
            // sent before (reuse_blobs), another row of this file, or stored by a run that crashed before it moved on
            return await store.IsStoredAsync(destinations, name.Dbms, name.Table, id.Hash, cancellation)
                ? null
                : new BlobRejection(ErrorCode.FileNotFound, $"blob {blobFile} is not in {options.BlobsDir} and was not stored before");
        }
        if (options.ReuseBlobs && await store.IsStoredAsync(destinations, name.Dbms, name.Table, id.Hash, cancellation))
        {
            File.Delete(path); // kept once: the copy that came again is dropped (see BlobStore.StoreAsync: no fsync needed)
            return null;
        }
        var length = new FileInfo(path).Length;
        if (length > options.MaxSize)
            return new BlobRejection(ErrorCode.BlobTooLarge, $"blob {blobFile} has {length:#,0} bytes, more than max_size ({options.MaxSize:#,0} bytes)", path);
        var content = await File.ReadAllBytesAsync(path, cancellation);
        var actual = BlobHash.Of(content);
        if (actual != id.Hash)
            return new BlobRejection(ErrorCode.BlobHashMismatch, $"blob {blobFile}: the md5 of its content is {actual}, not {id.Hash}", path);
        await store.StoreAsync(destinations, name.Dbms, name.Table, id, path, content, replace: !options.ReuseBlobs, cancellation);
        return null;
    }

    /// <summary>
    /// Hands the rows to the operator: the file renamed into the watch dir as
    /// <c>&lt;dbms&gt;.&lt;table&gt;.&lt;source&gt;.&lt;hash&gt;.0.json</c> (its rows are in the table's form already). With
    /// <paramref name="rewrite"/> the file first holds only <paramref name="content"/> (its accepted rows), written atomically.
    /// </summary>
    private void Commit(string path, DataFileName name, ReadOnlyMemory<byte> content, bool rewrite)
    {
        if (rewrite) DurableFiles.WriteAtomically(path, content.Span);
        var target = name with
        {
            Hash = DataFileName.ComputeHash(name.Dbms, name.Table, content.Span),
            Instructions = "0",
            TsdMember = null,
            TsdRowId = null,
            TsdDate = null,
            Type = "json",
            Compressed = !rewrite && name.Compressed,
        };
        DurableFiles.MoveInto(path, options.WatchDir, target.ToString());
    }

    private void RejectFile(string path, string file, ErrorCode code, string reason)
    {
        stats.FileFailed(file, code, reason);
        node.Log.Error($"Blobs archiver: file {file} moved to the error dir (error {(int)code}): {reason}");
        try
        {
            if (File.Exists(path)) DataFiles.MoveToErrors(path, options.ErrDir, code, reason, UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            node.Log.Error($"Blobs archiver: moving {file} to the error dir failed: {e.Message}");
        }
    }

    /// <summary>
    /// The columns that name blobs: <c>file</c>, or, for a file whose instructions name a mapping policy, the columns of its
    /// schema that have a <c>hash</c> (EdgeLake marks blob columns <c>"blob": true, "hash": "md5"</c>).
    /// </summary>
    private IReadOnlyList<string> BlobColumns(string instructions)
    {
        if (instructions == "0") return [DefaultColumn];
        var policy = node.Services.Find<IMetadata>()?.GetPolicy(instructions);
        if (policy is null || policy.Type != "mapping")
            throw new BlobFileException(ErrorCode.PolicyNotFound, $"the file names mapping policy '{instructions}', which is not in the metadata");
        var columns = policy.Body["schema"] is JsonObject schema
            ? schema.Where(c => c.Value is JsonObject spec && spec.ContainsKey("hash")).Select(c => c.Key).ToList()
            : [];
        return columns.Count > 0
            ? columns
            : throw new BlobFileException(ErrorCode.PolicyError, $"mapping policy '{instructions}' has no column with a 'hash' (the column naming the blob)");
    }

    private static ReadOnlyMemory<byte> Join(IEnumerable<ReadOnlyMemory<byte>> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            buffer.Write(line.Span);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }
}
