using System.Buffers;

namespace EdgeNode.Ingest.Operator;

/// <summary>The rows a mapped file produces, grouped by destination table as JSON lines (one compact object per line).</summary>
public sealed class MappedFileRows
{
    private readonly Dictionary<(string Dbms, string Table), ArrayBufferWriter<byte>> _tables = [];
    private readonly List<(string Dbms, string Table)> _order = [];

    /// <summary>Adds one row: <paramref name="jsonObject"/> is a compact JSON object (no newline).</summary>
    public void Add(string dbms, string table, ReadOnlySpan<byte> jsonObject)
    {
        var buffer = Buffer(dbms, table);
        buffer.Write(jsonObject);
        buffer.Write("\n"u8);
    }

    /// <summary>Adds rows already written as JSON lines (one compact object per line, each ending in '\n').</summary>
    public void AddLines(string dbms, string table, ReadOnlySpan<byte> jsonLines) => Buffer(dbms, table).Write(jsonLines);

    private ArrayBufferWriter<byte> Buffer(string dbms, string table)
    {
        var key = (dbms.ToLowerInvariant(), table.ToLowerInvariant());
        if (!_tables.TryGetValue(key, out var buffer))
        {
            _tables[key] = buffer = new ArrayBufferWriter<byte>(4096);
            _order.Add(key);
        }
        return buffer;
    }

    /// <summary>The destination tables in first-seen order, with their rows.</summary>
    public IEnumerable<(string Dbms, string Table, ReadOnlyMemory<byte> Rows)> Tables =>
        _order.Select(key => (key.Dbms, key.Table, _tables[key].WrittenMemory));
}
