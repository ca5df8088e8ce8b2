namespace EdgeNode.Core.Storage;

/// <summary>
/// Many rows into one logical table in one transaction, as fast as the engine allows (SQLite: one prepared INSERT reused;
/// PostgreSQL: binary COPY). Rows are split by the table's partition definition, partition tables being created on
/// demand. Set the values of a row by column index (the order given to <see cref="IDbms.BeginLoadAsync"/>), then
/// <see cref="AddRowAsync"/>; a value not set is NULL. Values are converted to the column's type; a value that does not
/// convert throws <see cref="StorageException"/> with <see cref="Commands.ErrorCode.DataTypeMismatch"/>.
/// Nothing is visible to readers until <see cref="CommitAsync"/>; disposing without commit rolls back.
/// </summary>
public interface IBulkLoad : IAsyncDisposable
{
    /// <summary>The loaded columns, in the order their index refers to.</summary>
    IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>Rows added so far.</summary>
    long Rows { get; }

    void SetNull(int column);
    void SetInt64(int column, long value);
    void SetDouble(int column, double value);
    void SetDecimal(int column, decimal value);
    void SetBoolean(int column, bool value);
    void SetString(int column, string value);

    /// <summary>A UTC time (a <see cref="DateTimeKind.Local"/> value is converted to UTC).</summary>
    void SetTimestamp(int column, DateTime value);
    void SetDate(int column, DateOnly value);
    void SetTime(int column, TimeOnly value);
    void SetGuid(int column, Guid value);

    /// <summary>Any supported CLR value (or text) converted to the column's type.</summary>
    void SetValue(int column, object? value);

    /// <summary>Ends the current row: routes it to its partition and writes it. Values reset to NULL.</summary>
    ValueTask AddRowAsync(CancellationToken cancellation = default);

    /// <summary>Runs a statement inside the load's transaction (e.g. a marker row in the same database).</summary>
    ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellation = default);

    ValueTask<BulkLoadResult> CommitAsync(CancellationToken cancellation = default);
}
