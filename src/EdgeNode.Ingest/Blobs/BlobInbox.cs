using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.Core.IO;
using EdgeNode.Ingest.Files;
using EdgeNode.Ingest.Mapping;
using EdgeNode.Ingest.Operator;
using EdgeNode.Core.Output;

namespace EdgeNode.Ingest.Blobs;

/// <summary>
/// Where blobs that arrive with their rows enter (REST <c>PUT</c> with <c>type: blob</c>, messages whose mapping policy
/// has blob columns): each blob is written to <c>blobs_dir</c> as <c>&lt;dbms&gt;.&lt;table&gt;.&lt;id&gt;</c>, then the rows to
/// <c>bwatch_dir</c> as a data file, each write fsynced and renamed into place, so a caller acknowledged after
/// <see cref="Accept"/> loses nothing in a crash. The archiver takes it from there. A blob over the size limit, or whose
/// content does not match the hash the client gave, is kept in the error dir with the reason and refused.
/// </summary>
internal sealed class BlobInbox(Node node, BlobStore store) : IBlobIngest
{
    /// <summary>Writers share it while they write a blob and its rows; <see cref="Pause"/> takes it alone.</summary>
    private readonly ReaderWriterLockSlim _writes = new();

    private string BlobsDir => store.Archiver?.BlobsDir ?? store.BlobsDir;
    private string BwatchDir => store.Archiver?.BwatchDir ?? NodeDirectories.Get(node, "bwatch_dir");
    private string ErrDir => store.Archiver?.ErrDir ?? NodeDirectories.Get(node, "err_dir");

    public ValueTask<IngestResult> PutBlobAsync(BlobUpload upload, CancellationToken cancellation)
    {
        var extension = upload.Extension.TrimStart('.').ToLowerInvariant();
        if (extension.Length > 0 && !BlobId.IsExtension(extension))
            return Result(IngestResult.Error(ErrorCode.WrongOptionType, $"file type '{upload.Extension}' must have 1 to 16 letters or digits"));
        var blob = new PendingBlob(BlobHash.Of(upload.Content.Span), extension, upload.Content.ToArray());
        if (Refusal(upload.Dbms, upload.Table, blob, upload.Hash) is { } refused) return Result(refused);
        JsonObject row;
        try
        {
            row = upload.Row.IsEmpty ? [] : JsonNode.Parse(upload.Row.Span) as JsonObject
                ?? throw new JsonException("the row is not a JSON object");
        }
        catch (JsonException e)
        {
            return Result(IngestResult.Error(ErrorCode.JsonError, $"the row describing the blob is not a JSON object: {e.Message}"));
        }
        row[BlobFileProcessor.DefaultColumn] = blob.Id;
        var line = JsonSerializer.SerializeToUtf8Bytes(row, NodeJsonContext.Default.JsonObject);
        try
        {
            Accept(upload.Dbms, upload.Table, upload.Source, "0", [blob], [.. line, (byte)'\n']);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(IngestResult.Error(ErrorCode.FileError, $"writing the blob failed: {e.Message}"));
        }
        return Result(IngestResult.Ok(blob.Hash));
    }

    /// <summary>
    /// Why a blob cannot be taken in (larger than <c>max_size</c>, or not the content <paramref name="expectedHash"/> names),
    /// after keeping it in the error dir with that reason; null when it can.
    /// </summary>
    public IngestResult? Refusal(string dbms, string table, PendingBlob blob, string? expectedHash = null)
    {
        var name = $"{dbms}.{table}.{blob.Id}";
        if (blob.Content.Length > store.MaxSize)
            return Reject(name, blob, ErrorCode.BlobTooLarge, $"blob {name} has {blob.Content.Length:#,0} bytes, more than max_size ({store.MaxSize:#,0} bytes)");
        if (expectedHash is not null && !expectedHash.Equals(blob.Hash, StringComparison.OrdinalIgnoreCase))
            return Reject(name, blob, ErrorCode.BlobHashMismatch, $"blob {name}: the md5 of its content is {blob.Hash}, not {expectedHash}");
        return null;
    }

    /// <summary>Writes the blobs into <c>blobs_dir</c>, then the rows that name them into <c>bwatch_dir</c>; durable when it returns.</summary>
    public void Accept(string dbms, string table, string source, string instructions, IEnumerable<PendingBlob> blobs, ReadOnlySpan<byte> rows)
    {
        var name = new DataFileName
        {
            Dbms = dbms, Table = table, Source = source, Hash = DataFileName.ComputeHash(dbms, table, rows), Instructions = instructions,
        };
        _writes.EnterReadLock();
        try
        {
            Directory.CreateDirectory(BlobsDir);
            foreach (var blob in blobs) DurableFiles.WriteAtomically(Path.Combine(BlobsDir, $"{dbms}.{table}.{blob.Id}"), blob.Content);
            Directory.CreateDirectory(BwatchDir);
            DurableFiles.WriteAtomically(Path.Combine(BwatchDir, name.ToString()), rows);
        }
        finally
        {
            _writes.ExitReadLock();
        }
    }

    /// <summary>
    /// Holds every writer between its blobs and its rows until disposed: while it is held, a blob in <c>blobs_dir</c>
    /// that no row file names is not one a writer of this node is about to name.
    /// </summary>
    public IDisposable Pause()
    {
        _writes.EnterWriteLock();
        return new Resume(_writes);
    }

    private sealed class Resume(ReaderWriterLockSlim writes) : IDisposable
    {
        public void Dispose() => writes.ExitWriteLock();
    }

    /// <summary>
    /// Reads a blob a message names by its path (<c>"apply": "file"</c>): only files the network may read on this node
    /// (<c>get file access</c>), up to <c>max_size</c>.
    /// </summary>
    public byte[] ReadReferenced(string path)
    {
        var full = Path.GetFullPath(path);
        var refusal = node.Services.Find<IFileAccess>() is { } access
            ? access.Refusal(full, "read")
            : full.StartsWith(node.Paths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? null : $"'{full}' is outside the node root";
        if (refusal is not null) throw new MappingException($"blob file: {refusal}");
        var file = new FileInfo(full);
        if (!file.Exists) throw new MappingException($"blob file '{full}' does not exist");
        if (file.Length > store.MaxSize)
            throw new MappingException($"blob file '{full}' has {file.Length:#,0} bytes, more than max_size ({store.MaxSize:#,0} bytes)");
        return File.ReadAllBytes(full);
    }

    private IngestResult Reject(string name, PendingBlob blob, ErrorCode code, string reason)
    {
        node.Log.Error($"Blob refused (error {(int)code}): {reason}");
        try
        {
            DataFiles.WriteToErrors(name, blob.Content, ErrDir, code, reason, node.Time.GetUtcNow().UtcDateTime);
            reason += " (kept in the error dir)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            node.Log.Error($"Keeping the refused blob {name} in the error dir failed: {e.Message}");
        }
        return IngestResult.Error(code, reason);
    }

    private static ValueTask<IngestResult> Result(IngestResult result) => ValueTask.FromResult(result);
}
