using System.Globalization;
using EdgeNode.Core;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Streaming write-immediate (SPEC §7) on the operator's side: rows of a table the operator has set up are inserted as
/// they arrive, stamped with a <c>tsd_info</c> entry registered for the buffer under a placeholder hash
/// (<c>dbms.table.&lt;time&gt;</c>). The buffer's file later carries that entry's id, so the operator only archives it —
/// or, when some rows did not insert or the node crashed, loads it replacing whatever was inserted: exactly once.
/// </summary>
internal sealed class ImmediateInserter(Node node, OperatorOptions options, OperatorIdentity identity, TableSetup tables, FileProcessor processor)
    : IImmediateInserter
{
    private long _placeholders;

    public string Member => identity.Member;

    /// <summary>
    /// Whether a tsd_info hash is the placeholder of a write-immediate buffer, not yet the hash of its file: placeholders
    /// are <c>dbms.table.time.n</c>, a file's hash is hex digits.
    /// </summary>
    public static bool IsPlaceholder(string hash) => hash.Contains('.', StringComparison.Ordinal);

    /// <summary>Only tables the operator has created and published (their first buffer goes the normal way), and only with tsd_info.</summary>
    public bool IsReady(string dbms, string table) => options.UpdateTsdInfo && tables.ReadyPlan(dbms, table) is not null;

    public async Task<long> RegisterAsync(BufferKey key, DateTime now, CancellationToken cancellation)
    {
        var timeFiles = node.Services.Get<ITimeFiles>();
        var placeholder = $"{key.Dbms}.{key.Table}.{now.ToString("yyMMddHHmmssffffff", CultureInfo.InvariantCulture)}." +
                          Interlocked.Increment(ref _placeholders).ToString(CultureInfo.InvariantCulture);
        var (entry, _) = await timeFiles.RegisterAsync(
            new TsdEntry(0, key.Dbms, key.Table, key.Source, placeholder, key.Instructions, now, 0, "", ""), timeFiles.TableFor(null), cancellation);
        return entry.FileId;
    }

    public async Task<bool> InsertAsync(BufferKey key, ReadOnlyMemory<byte> rows, long fileId, CancellationToken cancellation)
    {
        try
        {
            var stamp = new RowStamp(node.Time.GetUtcNow().UtcDateTime, identity.Member, fileId);
            await processor.LoadAsync(key.Dbms, key.Table, rows, stamp, replace: false, declared: null, cancellation, immediate: true);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the rows are journaled: the buffer's file will load them (replacing what was inserted) and report the error
            node.Log.Error($"Operator: write-immediate insert into {key.Dbms}.{key.Table} failed, the rows load with the buffer's file: {e.Message}");
            return false;
        }
    }
}
