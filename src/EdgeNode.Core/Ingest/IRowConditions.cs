namespace EdgeNode.Core.Ingest;

/// <summary>
/// Streaming conditions (<c>set streaming condition ... if &lt;condition&gt; then &lt;command&gt;</c>): tested on each row as it
/// is ingested. Implemented by the Scheduling project; the streamer asks <see cref="HasConditions"/> once per batch, so a
/// node without conditions pays one lookup per batch and nothing per row.
/// </summary>
public interface IRowConditions
{
    /// <summary>True when at least one condition is set for the table (a volatile read, no lock).</summary>
    bool HasConditions(string dbms, string table);

    /// <summary>
    /// True when a condition of the table drops rows (<c>ignore entry</c>): the rows must then be tested before they are
    /// stored. Conditions that only run commands may be tested while the rows are being made durable.
    /// </summary>
    bool DropsRows(string dbms, string table);

    /// <summary>
    /// Tests every condition of the table on each row (UTF-8, one JSON object per line) and starts the commands of those
    /// that hold, without waiting for them. Returns the rows to keep: all of them, or fewer when a condition's command is
    /// <c>ignore entry</c> (the row is dropped).
    /// </summary>
    (ReadOnlyMemory<byte> Rows, int RowCount) Apply(string dbms, string table, ReadOnlyMemory<byte> rows, int rowCount);
}
