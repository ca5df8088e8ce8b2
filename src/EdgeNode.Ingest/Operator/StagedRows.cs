using System.Runtime.CompilerServices;
using EdgeNode.Core.Storage;

namespace EdgeNode.Ingest.Operator;

/// <summary>
/// Rows parsed ahead of their load: records the values a <see cref="JsonRowWriter"/> sets (typed, 17 bytes a cell,
/// strings and rare types by reference) and replays them into the real load later. The operator parses a file into it
/// before it takes the database's writer, so on SQLite (one writer) a file is parsed while another one is being
/// written, and the writer's turn is spent writing rows. Conversions to the column types happen at replay, in the load.
/// </summary>
internal sealed class StagedRows(int columns) : IBulkLoad
{
    private enum Cell : byte { None, Null, Int64, Double, Boolean, Timestamp, Date, Time, String, Decimal, Guid, Value }

    private Cell[] _cells = new Cell[columns * 1024];
    private long[] _numbers = new long[columns * 1024];
    private object?[] _references = new object?[columns * 1024];
    private int _row;

    public IReadOnlyList<ColumnSchema> Columns => [];

    public long Rows => _row;

    public void SetNull(int column) => Put(column, Cell.Null, 0);
    public void SetInt64(int column, long value) => Put(column, Cell.Int64, value);
    public void SetDouble(int column, double value) => Put(column, Cell.Double, BitConverter.DoubleToInt64Bits(value));
    public void SetBoolean(int column, bool value) => Put(column, Cell.Boolean, value ? 1 : 0);
    public void SetTimestamp(int column, DateTime value) => Put(column, Cell.Timestamp, value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks);
    public void SetDate(int column, DateOnly value) => Put(column, Cell.Date, value.DayNumber);
    public void SetTime(int column, TimeOnly value) => Put(column, Cell.Time, value.Ticks);
    public void SetString(int column, string value) => Put(column, Cell.String, 0, value);
    public void SetDecimal(int column, decimal value) => Put(column, Cell.Decimal, 0, value);
    public void SetGuid(int column, Guid value) => Put(column, Cell.Guid, 0, value);
    public void SetValue(int column, object? value) => Put(column, Cell.Value, 0, value);

    public ValueTask AddRowAsync(CancellationToken cancellation = default)
    {
        _row++;
        var needed = (_row + 1) * columns;
        if (needed > _cells.Length)
        {
            var size = Math.Max(needed, _cells.Length * 2);
            Array.Resize(ref _cells, size);
            Array.Resize(ref _numbers, size);
            Array.Resize(ref _references, size);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Sets every recorded row into <paramref name="load"/> and adds it.</summary>
    public async Task ReplayAsync(IBulkLoad load, CancellationToken cancellation)
    {
        for (var row = 0; row < _row; row++)
        {
            Set(load, row * columns);
            var added = load.AddRowAsync(cancellation);
            if (added.IsCompletedSuccessfully) added.GetAwaiter().GetResult();
            else await added;
        }
    }

    private void Set(IBulkLoad load, int first)
    {
        for (var column = 0; column < columns; column++)
        {
            var index = first + column;
            var number = _numbers[index];
            switch (_cells[index])
            {
                case Cell.Null: load.SetNull(column); break;
                case Cell.Int64: load.SetInt64(column, number); break;
                case Cell.Double: load.SetDouble(column, BitConverter.Int64BitsToDouble(number)); break;
                case Cell.Boolean: load.SetBoolean(column, number != 0); break;
                case Cell.Timestamp: load.SetTimestamp(column, new DateTime(number, DateTimeKind.Utc)); break;
                case Cell.Date: load.SetDate(column, DateOnly.FromDayNumber((int)number)); break;
                case Cell.Time: load.SetTime(column, new TimeOnly(number)); break;
                case Cell.String: load.SetString(column, (string)_references[index]!); break;
                case Cell.Decimal: load.SetDecimal(column, (decimal)_references[index]!); break;
                case Cell.Guid: load.SetGuid(column, (Guid)_references[index]!); break;
                case Cell.Value: load.SetValue(column, _references[index]); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(int column, Cell cell, long number, object? reference = null)
    {
        var index = _row * columns + column;
        _cells[index] = cell;
        _numbers[index] = number;
        _references[index] = reference;
    }

    public ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellation = default) =>
        throw new NotSupportedException("staged rows run no statements");

    public ValueTask<BulkLoadResult> CommitAsync(CancellationToken cancellation = default) =>
        throw new NotSupportedException("staged rows are replayed into a load, which commits");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
