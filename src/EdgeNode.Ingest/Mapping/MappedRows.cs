using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// The rows one message maps to, grouped by destination table: UTF-8, one compact JSON object per line, ready for the
/// streamer. Reused from message to message (<see cref="Clear"/>) so the hot path allocates no buffers.
/// </summary>
public sealed class MappedRows
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly List<TableRows> _tables = [];
    private int _used;

    /// <summary>The tables that received rows since the last <see cref="Clear"/>.</summary>
    public IEnumerable<TableRows> Tables => _tables.Take(_used);

    public int TableCount => _used;

    public TableRows this[int index] => _tables[index];

    public int RowCount
    {
        get
        {
            var rows = 0;
            for (var i = 0; i < _used; i++) rows += _tables[i].Rows;
            return rows;
        }
    }

    public void Clear()
    {
        for (var i = 0; i < _used; i++) _tables[i].Clear();
        _used = 0;
    }

    /// <summary>The writer positioned for a new row of dbms.table; call <see cref="EndRow"/> after the object is written.</summary>
    public Utf8JsonWriter BeginRow(string dbms, string table, out TableRows rows)
    {
        rows = Find(dbms, table);
        return rows.Writer;
    }

    public static void EndRow(TableRows rows)
    {
        rows.Writer.Flush();
        rows.Buffer.Write("\n"u8);
        rows.Writer.Reset();
        rows.Rows++;
    }

    private TableRows Find(string dbms, string table)
    {
        for (var i = 0; i < _used; i++)
            if (_tables[i].Dbms == dbms && _tables[i].Table == table) return _tables[i];
        if (_used == _tables.Count) _tables.Add(new TableRows());
        var rows = _tables[_used++];
        rows.Dbms = dbms;
        rows.Table = table;
        return rows;
    }

    /// <summary>The rows of one table.</summary>
    public sealed class TableRows
    {
        private const int InitialCapacity = 1024;
        private const int KeptCapacity = 1 << 20;

        internal TableRows()
        {
            Buffer = new ArrayBufferWriter<byte>(InitialCapacity);
            Writer = new Utf8JsonWriter(Buffer, WriterOptions);
        }

        public string Dbms { get; internal set; } = "";
        public string Table { get; internal set; } = "";
        public int Rows { get; internal set; }

        /// <summary>The blobs the rows' blob columns carried (mapping policies with <c>"blob": true</c> columns).</summary>
        public List<PendingBlob> Blobs { get; } = [];

        internal ArrayBufferWriter<byte> Buffer { get; private set; }
        internal Utf8JsonWriter Writer { get; }

        /// <summary>One JSON object per line, each ending in '\n'.</summary>
        public ReadOnlyMemory<byte> Data => Buffer.WrittenMemory;

        internal void Clear()
        {
            // a burst of large messages must not pin a large buffer for the life of the thread
            if (Buffer.Capacity > KeptCapacity) Buffer = new ArrayBufferWriter<byte>(InitialCapacity);
            else Buffer.ResetWrittenCount();
            Writer.Reset(Buffer);
            Rows = 0;
            Blobs.Clear();
        }
    }
}
