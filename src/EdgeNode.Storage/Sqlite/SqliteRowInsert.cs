using System.Buffers;
using System.Globalization;
using System.Text;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Loading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A prepared INSERT of <see cref="Rows"/> rows (<c>VALUES (...), (...)</c>) driven through SQLite's C API (the handle
/// under Microsoft.Data.Sqlite's connection): values are bound straight from <see cref="RowBuffer"/>s without boxing,
/// and timestamps, dates and uuids are formatted as UTF-8 on the stack.
/// </summary>
internal sealed class SqliteRowInsert : IDisposable
{
    private const int StackText = 256;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRowInsert(SqliteConnection connection, string table, IReadOnlyList<ColumnSchema> columns, int rows)
    {
        _db = connection.Handle!;
        Rows = rows;
        var dialect = SqliteDialect.Instance;
        var values = "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        var sql = $"INSERT INTO {dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) " +
                  $"VALUES {string.Join(", ", Enumerable.Repeat(values, rows))}";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public int Rows { get; }

    /// <summary>Binds <paramref name="row"/> as the <paramref name="position"/>-th row of the statement.</summary>
    public void Bind(int position, RowBuffer row)
    {
        var offset = position * row.Count + 1;
        for (var i = 0; i < row.Count; i++) Check(Bind(row, i, offset + i));
    }

    public void Execute()
    {
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE) Check(step);
    }

    private int Bind(RowBuffer row, int column, int index)
    {
        Span<byte> text = stackalloc byte[64];
        int written;
        switch (row.Kinds[column])
        {
            case CellKind.Int64 or CellKind.Boolean:
                return raw.sqlite3_bind_int64(_statement, index, row.Longs[column]);
            case CellKind.Double:
                return raw.sqlite3_bind_double(_statement, index, row.Doubles[column]);
            case CellKind.Decimal:
                return raw.sqlite3_bind_double(_statement, index, (double)row.Decimals[column]);
            case CellKind.Text:
                return BindString(index, row.Texts[column]!);
            case CellKind.Timestamp:
                row.TimestampAt(column).TryFormat(text, out written, ValueText.TimestampFormat, CultureInfo.InvariantCulture);
                return raw.sqlite3_bind_text(_statement, index, text[..written]);
            case CellKind.Date:
                DateOnly.FromDayNumber((int)row.Longs[column]).TryFormat(text, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return raw.sqlite3_bind_text(_statement, index, text[..written]);
            case CellKind.Time:
                return BindString(index, ValueText.Time(new TimeOnly(row.Longs[column])));
            case CellKind.Guid:
                row.Guids[column].TryFormat(text, out written, "D");
                return raw.sqlite3_bind_text(_statement, index, text[..written]);
            default:
                return raw.sqlite3_bind_null(_statement, index);
        }
    }

    private int BindString(int index, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length <= StackText)
        {
            Span<byte> buffer = stackalloc byte[StackText];
            var written = Encoding.UTF8.GetBytes(value, buffer);
            return raw.sqlite3_bind_text(_statement, index, buffer[..written]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            return raw.sqlite3_bind_text(_statement, index, rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Check(int code)
    {
        if (code is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", code, raw.sqlite3_extended_errcode(_db));
    }

    public void Dispose() => _statement.Dispose();
}
