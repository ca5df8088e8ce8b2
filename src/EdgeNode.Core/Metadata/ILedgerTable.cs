namespace EdgeNode.Core.Metadata;

/// <summary>
/// The master's ledger table <c>blockchain.ledger</c> (SPEC §2 DB form) in the local DBMS connected as <c>blockchain</c>.
/// Implemented by the Storage module on the connected database with the statements of <see cref="LedgerTableSql"/>;
/// the <c>blockchain create table|push|pull|update dbms|drop</c> commands use it.
/// </summary>
public interface ILedgerTable
{
    /// <summary>True when a database named <c>blockchain</c> is connected.</summary>
    bool IsConnected { get; }

    /// <summary>Creates the table and its indexes when missing (<see cref="LedgerTableSql.CreateTable"/>).</summary>
    Task CreateAsync(CancellationToken cancellation);

    /// <summary>Inserts a row; a row with the same policy id already there is kept. Returns false in that case.</summary>
    Task<bool> InsertAsync(LedgerRow row, CancellationToken cancellation);

    /// <summary>Replaces the row of <paramref name="policyId"/> by <paramref name="row"/>; returns false when there is none.</summary>
    Task<bool> ReplaceAsync(string policyId, LedgerRow row, CancellationToken cancellation);

    /// <summary>Deletes the row of a policy id; returns the number of rows deleted.</summary>
    Task<int> DeleteAsync(string policyId, CancellationToken cancellation);

    /// <summary>Deletes the rows pushed by a host; returns the number of rows deleted.</summary>
    Task<int> DeleteByHostAsync(string host, CancellationToken cancellation);

    /// <summary>
    /// The table's fingerprint: an insert or a delete changes its rows or last sequence id, any write through this interface
    /// its write count (a row changed with <c>sql</c> directly is seen only by a new export).
    /// </summary>
    Task<LedgerTableStamp> StampAsync(CancellationToken cancellation);

    /// <summary>Every row ordered by date (then sequence), the order the ledger file is exported in.</summary>
    Task<IReadOnlyList<LedgerRow>> ExportAsync(CancellationToken cancellation);
}
