using System.Text.Json;

namespace EdgeNode.Ingest.Operator;

/// <summary>A compiled mapping policy: its declared columns and the mapping of one source row. Thread-safe.</summary>
public interface IRowMapping
{
    /// <summary>The columns the policy declares, with their types (used to create the table instead of inferring it).</summary>
    IReadOnlyList<MappedColumnType> Columns { get; }

    /// <summary>
    /// Maps one row of the file (a JSON object) to zero or more rows — one per element of the policy's <c>readings</c> list —
    /// each written to <paramref name="output"/> for its dbms.table (a policy's dbms/table may be <c>bring</c> values).
    /// <paramref name="now"/> is the value of <c>now()</c> defaults. Throws with the reason when the row cannot be mapped.
    /// </summary>
    void Map(JsonElement row, DateTime now, MappedFileRows output);
}
