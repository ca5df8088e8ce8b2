using EdgeNode.Storage.Loading;

namespace EdgeNode.Storage.Sqlite;

/// <summary>Row-buffer slots as SQLite parameter values (boxed once, as Microsoft.Data.Sqlite requires).</summary>
internal static class SqliteValues
{
    private static readonly object True = 1L;
    private static readonly object False = 0L;

    public static object Of(RowBuffer row, int column) => row.Kinds[column] switch
    {
        CellKind.Int64 => row.Longs[column],
        CellKind.Double => row.Doubles[column],
        CellKind.Decimal => (double)row.Decimals[column],
        CellKind.Boolean => row.Longs[column] != 0 ? True : False,
        CellKind.Text => row.Texts[column]!,
        CellKind.Timestamp => ValueText.Timestamp(row.TimestampAt(column)),
        CellKind.Date => ValueText.Date(DateOnly.FromDayNumber((int)row.Longs[column])),
        CellKind.Time => ValueText.Time(new TimeOnly(row.Longs[column])),
        CellKind.Guid => row.Guids[column].ToString("D"),
        _ => DBNull.Value,
    };

    /// <summary>A CLR parameter value in SQLite's storage form.</summary>
    public static object ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime t => ValueText.Timestamp(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset o => ValueText.Timestamp(o.UtcDateTime),
        DateOnly d => ValueText.Date(d),
        TimeOnly t => ValueText.Time(t),
        Guid g => g.ToString("D"),
        bool b => b ? True : False,
        decimal m => (double)m,
        _ => value,
    };
}
