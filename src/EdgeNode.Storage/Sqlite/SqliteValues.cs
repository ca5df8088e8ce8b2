using EdgeNode.Storage.Loading;

namespace EdgeNode.Storage.Sqlite;

/// <summary>CLR values as SQLite parameters: timestamps as sortable UTC text, booleans 0/1, uuids text, decimals REAL.</summary>
internal static class SqliteValues
{
    private static readonly object True = 1L;
    private static readonly object False = 0L;

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
