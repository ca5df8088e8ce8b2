using System.Buffers;
using System.Text;
using EdgeNode.Storage.Loading;
using SQLitePCL;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// Rows of one physical table waiting in a SQLite load, already in the form SQLite binds them: per cell its storage class
/// and a 64-bit word (the integer, the double's bits, or where its UTF-8 text is in one byte arena). Timestamps, dates,
/// times and uuids are text (<see cref="ValueText"/> forms) from here on, so binding under the database's writer only
/// copies values in. A text equal to the one above it in its column (the load's insert time and TSD name, a file's
/// constant attributes) is stored once and has the same word, so a statement need not bind it again
/// (<see cref="SqliteRowInsert"/>). Arrays come from <see cref="LoadArrayPools"/> and go back at <see cref="Dispose"/>.
/// </summary>
internal sealed class EncodedRows(int columns, LoadArrayPools.Pools pools) : IDisposable
{
    public enum Cell : byte { Null, Integer, Real, Text }

    private readonly LoadArrayPools.Pools _pools = pools;
    private Cell[] _cells = pools.Cells.Rent(columns * 256);
    private long[] _words = pools.Words.Rent(columns * 256);
    private byte[] _text = pools.Text.Rent(16 * 1024);
    private int _textLength;

    public int Columns => columns;

    public int Count { get; private set; }

    /// <summary>Changes at <see cref="Clear"/>, which frees the text the words of earlier rows point at.</summary>
    public int Generation { get; private set; }

    public Cell KindAt(int row, int column) => _cells[row * columns + column];

    public long WordAt(int row, int column) => _words[row * columns + column];

    /// <summary>Memory the waiting rows take.</summary>
    public long Bytes => (long)Count * columns * (sizeof(long) + 1) + _textLength;

    public void Add(RowBuffer row)
    {
        var first = Count * columns;
        if (first + columns > _cells.Length)
        {
            Grow(ref _cells, first + columns, _pools.Cells);
            Grow(ref _words, first + columns, _pools.Words);
        }
        for (var column = 0; column < columns; column++)
        {
            var cell = first + column;
            switch (row.Kinds[column])
            {
                case CellKind.Int64 or CellKind.Boolean:
                    Put(cell, Cell.Integer, row.Longs[column]);
                    break;
                case CellKind.Double:
                    Put(cell, Cell.Real, BitConverter.DoubleToInt64Bits(row.Doubles[column]));
                    break;
                case CellKind.Decimal:
                    Put(cell, Cell.Real, BitConverter.DoubleToInt64Bits((double)row.Decimals[column]));
                    break;
                case CellKind.Text:
                    PutText(cell, row.Texts[column]!);
                    break;
                case CellKind.Timestamp:
                    var stamp = Reserve(Utf8Values.TimestampLength);
                    PutTextAt(cell, stamp, Utf8Values.WriteTimestamp(row.Longs[column], _text.AsSpan(stamp)));
                    break;
                case CellKind.Date:
                    var date = Reserve(Utf8Values.DateLength);
                    PutTextAt(cell, date, Utf8Values.WriteDate(DateOnly.FromDayNumber((int)row.Longs[column]), _text.AsSpan(date)));
                    break;
                case CellKind.Time:
                    PutText(cell, ValueText.Time(new TimeOnly(row.Longs[column])));
                    break;
                case CellKind.Guid:
                    PutText(cell, row.Guids[column].ToString("D"));
                    break;
                default:
                    Put(cell, Cell.Null, 0);
                    break;
            }
        }
        Count++;
    }

    /// <summary>Binds cell (<paramref name="row"/>, <paramref name="column"/>) to parameter <paramref name="index"/>; returns SQLite's result code.</summary>
    public int Bind(sqlite3_stmt statement, int index, int row, int column)
    {
        var cell = row * columns + column;
        var word = _words[cell];
        return _cells[cell] switch
        {
            Cell.Integer => raw.sqlite3_bind_int64(statement, index, word),
            Cell.Real => raw.sqlite3_bind_double(statement, index, BitConverter.Int64BitsToDouble(word)),
            Cell.Text => raw.sqlite3_bind_text(statement, index, _text.AsSpan((int)(word >> 32), (int)word)),
            _ => raw.sqlite3_bind_null(statement, index),
        };
    }

    public void Clear()
    {
        Count = 0;
        _textLength = 0;
        Generation++;
    }

    private void Put(int cell, Cell kind, long word)
    {
        _cells[cell] = kind;
        _words[cell] = word;
    }

    private void PutText(int cell, string value)
    {
        var start = Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, _text.AsSpan(start));
        PutTextAt(cell, start, length);
    }

    /// <summary>Takes the text just written at <paramref name="start"/>, or the same text of the row above, which it then replaces.</summary>
    private void PutTextAt(int cell, int start, int length)
    {
        if (cell >= columns && _cells[cell - columns] == Cell.Text)
        {
            var above = _words[cell - columns];
            if (_text.AsSpan((int)(above >> 32), (int)above).SequenceEqual(_text.AsSpan(start, length)))
            {
                Put(cell, Cell.Text, above);
                return;
            }
        }
        _textLength = start + length;
        Put(cell, Cell.Text, (long)start << 32 | (uint)length);
    }

    /// <summary>Room for <paramref name="length"/> more bytes of text; returns where they start.</summary>
    private int Reserve(int length)
    {
        if (_textLength + length > _text.Length) Grow(ref _text, _textLength + length, _pools.Text);
        return _textLength;
    }

    private static void Grow<T>(ref T[] array, int needed, ArrayPool<T> pool)
    {
        var larger = pool.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan().CopyTo(larger);
        pool.Return(array);
        array = larger;
    }

    public void Dispose()
    {
        if (_text.Length == 0) return;
        _pools.Cells.Return(_cells);
        _pools.Words.Return(_words);
        _pools.Text.Return(_text);
        (_cells, _words, _text) = ([], [], []);
    }
}
