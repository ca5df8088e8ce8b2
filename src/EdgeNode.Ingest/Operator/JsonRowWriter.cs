using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Json;
using ColumnType = EdgeNode.Core.Storage.ColumnType;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Reads the rows of a data file with <see cref="Utf8JsonReader"/> and writes each value straight into a bulk load's
/// typed setters: no JSON tree, no boxing; a string is allocated only for text columns. Attribute names are matched
/// against the names of the previous row at the same position (files repeat one shape), so a row costs no name lookups.
/// A value that does not fit its column, or an attribute that is not a column, stops the load (<see cref="SchemaDriftException"/>
/// or <see cref="StorageException"/> with <see cref="ErrorCode.DataTypeMismatch"/>) so the table can adapt.
/// </summary>
internal sealed class JsonRowWriter
{
    private readonly ColumnPlan _plan;
    private readonly IBulkLoad _load;
    private readonly RowStamp _stamp;
    private readonly bool _exactDecimals;
    private readonly long[] _setInRow;
    private readonly long[] _seenInRow;
    private readonly Dictionary<string, int> _attributes = new(StringComparer.Ordinal);
    private byte[][] _keyBytes = new byte[16][];
    private int[] _keyColumns = new int[16];
    private int _keys;
    private long _row;
    private bool _inList;

    /// <param name="exactDecimals">Read decimal columns as <see cref="decimal"/> (PostgreSQL numeric) rather than double (SQLite).</param>
    public JsonRowWriter(ColumnPlan plan, IBulkLoad load, RowStamp stamp, bool exactDecimals)
    {
        _plan = plan;
        _load = load;
        _stamp = stamp;
        _exactDecimals = exactDecimals;
        _setInRow = new long[plan.Columns.Length];
        _seenInRow = new long[plan.Columns.Length];
    }

    /// <summary>Writes every row of <paramref name="data"/>; returns the number of rows.</summary>
    public async Task<long> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        var state = new JsonReaderState(JsonRows.ReaderOptions);
        var offset = 0;
        while (true)
        {
            // the reader is a ref struct: parse synchronously while the load accepts rows synchronously, and resume
            // from the saved reader state after awaiting a load that has to wait (a COPY buffer being sent)
            var pending = WriteRows(data.Span, ref offset, ref state, out var done);
            await pending;
            if (done) return _row;
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private ValueTask WriteRows(ReadOnlySpan<byte> data, ref int offset, ref JsonReaderState state, out bool done)
    {
        var span = data[offset..];
        var reader = new Utf8JsonReader(span, isFinalBlock: true, state);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 0)
            {
                if (reader.TokenType == JsonTokenType.StartArray && !_inList)
                {
                    _inList = true;
                    continue;
                }
                if (reader.TokenType == JsonTokenType.EndArray && _inList)
                {
                    _inList = false;
                    continue;
                }
            }
            if (reader.TokenType != JsonTokenType.StartObject) throw JsonRows.NotAnObject(_row + 1, reader.TokenType);
            _row++;
            WriteRow(ref reader, span);
            var added = _load.AddRowAsync();
            if (added.IsCompletedSuccessfully)
            {
                added.GetAwaiter().GetResult();
                continue;
            }
            offset += (int)reader.BytesConsumed;
            state = reader.CurrentState;
            done = false;
            return added;
        }
        done = true;
        return default;
    }

    private void WriteRow(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = Column(ref reader, position++);
            reader.Read();
            if (column == ColumnPlan.Unknown)
                throw new SchemaDriftException($"row {_row}: attribute '{reader.GetString() ?? ""}' is not a column of the table");
            // no value is dropped silently: not one named like the node's own columns, not one of two attributes naming one column
            if (column == ColumnPlan.Ignored)
                throw new OperatorException(ErrorCode.InvalidAttribute,
                    $"row {_row}: an attribute is named like the node's own columns (row_id, insert_timestamp, tsd_name, tsd_id)");
            if (_seenInRow[column] == _row)
                throw new OperatorException(ErrorCode.InvalidAttribute,
                    $"row {_row}: two attributes name column '{_plan.Columns[column]}' (they repeat, or differ only in case or punctuation)");
            _seenInRow[column] = _row;
            SetValue(ref reader, span, column);
        }
        if (_plan.InsertTimestamp >= 0) _load.SetTimestamp(_plan.InsertTimestamp, _stamp.InsertTime);
        if (_plan.TsdName >= 0) _load.SetString(_plan.TsdName, _stamp.TsdName);
        if (_plan.TsdId >= 0) _load.SetInt64(_plan.TsdId, _stamp.TsdId);
        foreach (var column in _plan.FillNow)
            if (_setInRow[column] != _row) _load.SetTimestamp(column, _stamp.InsertTime);
    }

    /// <summary>The column of the attribute at <paramref name="position"/>: the previous row's name there, else a lookup.</summary>
    private int Column(ref Utf8JsonReader reader, int position)
    {
        if (position < _keys && reader.ValueTextEquals(_keyBytes[position])) return _keyColumns[position];
        var name = reader.GetString()!;
        if (!_attributes.TryGetValue(name, out var column)) _attributes[name] = column = _plan.Find(name);
        if (column == ColumnPlan.Unknown) throw new SchemaDriftException($"row {_row}: attribute '{name}' is not a column of the table");
        if (position >= _keyBytes.Length)
        {
            Array.Resize(ref _keyBytes, position * 2);
            Array.Resize(ref _keyColumns, position * 2);
        }
        _keyBytes[position] = Encoding.UTF8.GetBytes(name);
        _keyColumns[position] = column;
        if (position >= _keys) _keys = position + 1;
        return column;
    }

    private void SetValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> span, int column)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                SetNumber(ref reader, column);
                break;
            case JsonTokenType.String:
                SetText(ref reader, column);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                _load.SetBoolean(column, reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _load.SetString(column, Encoding.UTF8.GetString(span[start..(int)reader.BytesConsumed]));
                break;
            default: // null: no value (columns with a NOW() default get the insert time)
                return;
        }
        _setInRow[column] = _row;
    }

    private void SetNumber(ref Utf8JsonReader reader, int column)
    {
        switch (_plan.Types[column])
        {
            case ColumnType.Integer or ColumnType.BigInt:
                if (reader.TryGetInt64(out var integer))
                {
                    if (_plan.Types[column] == ColumnType.Integer && integer is > int.MaxValue or < int.MinValue)
                        throw Mismatch(column, integer.ToString(CultureInfo.InvariantCulture));
                    _load.SetInt64(column, integer);
                }
                else
                {
                    _load.SetDouble(column, Double(ref reader, column)); // a whole number written with a fraction fits; 1.5 does not
                }
                break;
            case ColumnType.Float:
                _load.SetDouble(column, Double(ref reader, column));
                break;
            case ColumnType.Decimal:
                if (_exactDecimals && reader.TryGetDecimal(out var exact)) _load.SetDecimal(column, exact);
                else _load.SetDouble(column, Double(ref reader, column));
                break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown:
                _load.SetString(column, Encoding.UTF8.GetString(reader.ValueSpan));
                break;
            default:
                if (reader.TryGetInt64(out var whole)) _load.SetInt64(column, whole);
                else _load.SetDouble(column, Double(ref reader, column));
                break;
        }
    }

    private double Double(ref Utf8JsonReader reader, int column) =>
        reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw Mismatch(column, Encoding.UTF8.GetString(reader.ValueSpan));

    private void SetText(ref Utf8JsonReader reader, int column)
    {
        if (_plan.Types[column] == ColumnType.Timestamp)
        {
            if (!reader.ValueIsEscaped && Utf8Timestamp.TryParse(reader.ValueSpan, out var utc))
            {
                _load.SetTimestamp(column, utc);
                return;
            }
            var text = reader.GetString()!;
            if (TimestampParser.TryParse(text, out utc)) _load.SetTimestamp(column, utc);
            else _load.SetString(column, text); // the load's own parsing, or a mismatch
            return;
        }
        _load.SetString(column, reader.GetString()!);
    }

    private StorageException Mismatch(int column, string value) =>
        new(ErrorCode.DataTypeMismatch,
            $"value '{value}' does not fit column '{_plan.Columns[column]}' ({_plan.Schema.Find(_plan.Columns[column])?.DeclaredType})");
}
