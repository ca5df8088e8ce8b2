using EdgeNode.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeNode.Storage.Sqlite;

/// <summary>
/// A prepared INSERT of <see cref="Rows"/> rows (<c>VALUES (...), (...)</c>) driven through SQLite's C API (the handle
/// under Microsoft.Data.Sqlite's connection): values are bound straight from <see cref="EncodedRows"/>, without boxing
/// or formatting, and only where they changed.
/// </summary>
internal sealed class SqliteRowInsert : IDisposable
{
    private readonly sqlite3 _db;
    private const EncodedRows.Cell Unbound = (EncodedRows.Cell)byte.MaxValue;
    private readonly sqlite3_stmt _statement;
    private readonly EncodedRows.Cell[] _boundKinds;
    private readonly long[] _boundWords;
    private EncodedRows? _boundRows;
    private int _boundGeneration;

    public SqliteRowInsert(SqliteConnection connection, string table, IReadOnlyList<ColumnSchema> columns, int rows)
    {
        _db = connection.Handle!;
        Rows = rows;
        var dialect = SqliteDialect.Instance;
        var values = "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        var sql = $"INSERT INTO {dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) " +
                  $"VALUES {string.Join(", ", Enumerable.Repeat(values, rows))}";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _boundKinds = new EncodedRows.Cell[rows * columns.Count];
        _boundWords = new long[rows * columns.Count];
    }

    public int Rows { get; }

    /// <summary>
    /// Binds row <paramref name="row"/> of <paramref name="rows"/> as the <paramref name="position"/>-th row of the
    /// statement. SQLite keeps bindings across executions: a parameter that holds the same value already is left as it is
    /// (the load's insert time, TSD name and id, a file's constant attributes are bound once per statement, not per row).
    /// </summary>
    public void Bind(int position, EncodedRows rows, int row)
    {
        if (!ReferenceEquals(rows, _boundRows) || rows.Generation != _boundGeneration)
        {
            Array.Fill(_boundKinds, Unbound);
            (_boundRows, _boundGeneration) = (rows, rows.Generation);
        }
        var first = position * rows.Columns;
        for (var column = 0; column < rows.Columns; column++)
        {
            var parameter = first + column;
            var (kind, word) = (rows.KindAt(row, column), rows.WordAt(row, column));
            if (_boundKinds[parameter] == kind && _boundWords[parameter] == word) continue;
            Check(rows.Bind(_statement, parameter + 1, row, column));
            (_boundKinds[parameter], _boundWords[parameter]) = (kind, word);
        }
    }

    public void Execute()
    {
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE) Check(step);
    }

    private void Check(int code)
    {
        if (code is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", code, raw.sqlite3_extended_errcode(_db));
    }

    public void Dispose() => _statement.Dispose();
}
