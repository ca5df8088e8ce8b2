namespace EdgeNode.Core.Ingest;

/// <summary>
/// Rows for one table, validated by the receiver. <see cref="Rows"/> is UTF-8 text with exactly one compact JSON object per
/// line, each line ending in <c>'\n'</c> (a JSON array body or pretty-printed objects are already split and joined onto one
/// line each). <see cref="Dbms"/> and <see cref="Table"/> are lowercased; <see cref="Source"/> and
/// <see cref="Instructions"/> are <c>"0"</c> when the client gave none; <see cref="Type"/> is <c>"json"</c>.
/// <para>The memory of <see cref="Rows"/> is pooled by the caller and valid only until the call's task completes: copy what
/// must outlive it.</para>
/// </summary>
public sealed record IngestBatch(
    string Dbms,
    string Table,
    string Source,
    string Instructions,
    string Type,
    ReadOnlyMemory<byte> Rows,
    int RowCount);
