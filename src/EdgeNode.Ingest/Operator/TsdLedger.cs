using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Core.Ingest;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// The operator's side of the exactly-once protocol (docs/storage.md, "Exactly-once file loads"): a file is registered
/// by its hash before loading, its rows carry the entry's id, and the entry is completed after the file left the watch
/// dir. A hash already completed is a duplicate file; one registered but not completed is a crashed attempt, whose rows
/// the next load replaces. Files of cluster peers (8-section names with another member) go to <c>tsd_&lt;member&gt;</c>
/// with the peer's row id.
/// </summary>
internal sealed class TsdLedger(Node node, OperatorIdentity identity)
{
    public const string Completed = "ok";

    private ITimeFiles TimeFiles => node.Services.Find<ITimeFiles>()
                                    ?? throw new OperatorException(ErrorCode.DbmsNotConnected, "the node has no storage module for tsd_info");

    /// <summary>Registers the file; throws <see cref="OperatorException"/> with <see cref="ErrorCode.DuplicateEntry"/> for a file loaded before.</summary>
    public async Task<TsdRecord> RegisterAsync(DataFileName name, string hash, DateTime now, CancellationToken cancellation)
    {
        var peer = identity.IsPeerFile(name);
        var table = peer ? TimeFiles.TableFor(name.TsdMember) : TimeFiles.TableFor(null);
        long peerRowId = 0;
        var fileTime = now;
        if (peer)
        {
            if (!long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out peerRowId))
                throw new OperatorException(ErrorCode.FileError, $"TSD row id '{name.TsdRowId}' of the file name is not a number");
            fileTime = DataFileName.ParseTsdDate(name.TsdDate) ?? now;
            await TimeFiles.EnsureTableAsync(table, cancellation);
        }
        else if (name.HasTsd && name.TsdMember == identity.Member && await OwnEntryAsync(name, hash, table, cancellation) is { } own)
        {
            return own;
        }
        var entry = new TsdEntry(peerRowId, name.Dbms, name.Table, name.Source, hash, name.Instructions, fileTime, 0, "", "");
        var (stored, isNew) = await TimeFiles.RegisterAsync(entry, table, cancellation);
        if (!isNew && stored.Status1 == Completed)
            throw new OperatorException(ErrorCode.DuplicateEntry,
                $"duplicate JSON file: hash {hash} was loaded before ({table} file_id {stored.FileId.ToString(CultureInfo.InvariantCulture)}, {stored.Rows.ToString(CultureInfo.InvariantCulture)} rows)");
        return new TsdRecord(table, stored.FileId, isNew, stored.FileTime, peer ? name.TsdMember! : identity.Member);
    }

    /// <summary>
    /// A file named with this node's member and row id: the entry is the one of that id when it is this file's (its hash,
    /// or the placeholder of a streaming write-immediate buffer, whose rows may be in the table already: they are
    /// replaced). Null when the id is unknown or another file's — a file of this member's name that this ledger did not
    /// number, such as one pulled back from a peer after the node lost its database: replacing the rows of that id would
    /// drop the other file's rows, so the file registers by its hash under an id of its own.
    /// </summary>
    private async Task<TsdRecord?> OwnEntryAsync(DataFileName name, string hash, string table, CancellationToken cancellation)
    {
        if (!long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await TimeFiles.FindByIdAsync(id, table, cancellation) is not { } earlier)
            return null;
        if (earlier.Hash == hash && earlier.Status1 == Completed)
            throw new OperatorException(ErrorCode.DuplicateEntry,
                $"duplicate JSON file: hash {hash} was loaded before ({table} file_id {id.ToString(CultureInfo.InvariantCulture)})");
        if (earlier.Hash != hash)
        {
            if (!ImmediateInserter.IsPlaceholder(earlier.Hash))
            {
                node.Log.Event($"Operator: file {name} names row id {id} of {table}, which holds another file (hash {earlier.Hash}): " +
                                 "it is recorded under an id of its own");
                return null;
            }
            await TimeFiles.SetHashAsync(id, hash, table, cancellation);
        }
        return new TsdRecord(table, id, IsNew: false, earlier.FileTime, identity.Member);
    }

    /// <summary>A write-immediate file (<c>@</c>): its rows are in the table; its entry gets the file's hash and row count.</summary>
    public async Task CompleteImmediateAsync(DataFileName name, long rows, CancellationToken cancellation)
    {
        if (!long.TryParse(name.TsdRowId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return;
        var table = TimeFiles.TableFor(null);
        if (await TimeFiles.FindByIdAsync(id, table, cancellation) is not { } entry) return;
        if (name.HasHash && entry.Hash != name.Hash) await TimeFiles.SetHashAsync(id, name.Hash, table, cancellation);
        await TimeFiles.CompleteAsync(id, rows, Completed, "", table, cancellation);
    }

    public Task CompleteAsync(TsdRecord record, long rows, CancellationToken cancellation) =>
        TimeFiles.CompleteAsync(record.FileId, rows, Completed, "", record.Table, cancellation);

    /// <summary>Records why a registered file failed (<c>get tsd errors</c> lists it); a later attempt of the same file may still load it.</summary>
    public async Task FailAsync(TsdRecord record, ErrorCode code, string reason)
    {
        try
        {
            await TimeFiles.CompleteAsync(record.FileId, 0, $"err_{(int)code}", reason.Length > 200 ? reason[..200] : reason, record.Table);
        }
        catch (StorageException e)
        {
            node.Log.Error($"Operator: recording the failure of file {record.FileId} in {record.Table} failed: {e.Message}");
        }
    }
}
