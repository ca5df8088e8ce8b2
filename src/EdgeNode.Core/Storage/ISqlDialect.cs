namespace EdgeNode.Core.Storage;

/// <summary>
/// What differs between SQLite and PostgreSQL, for code that writes SQL (the operator's DDL, the query layer's time
/// functions). Timestamps are UTC everywhere; SQLite stores them as text <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, which sorts
/// and compares correctly and is what SQLite's own date functions read.
/// </summary>
public interface ISqlDialect
{
    DbmsEngine Engine { get; }

    /// <summary>The declared type for a portable type: <c>timestamp</c>, <c>char(3)</c>, <c>numeric</c>...</summary>
    string TypeName(ColumnType type, int? length = null);

    /// <summary>A quoted identifier (<c>"name"</c>), for names that are keywords or hold unusual characters.</summary>
    string QuoteIdentifier(string name);

    /// <summary>SQL for the current UTC time as a timestamp value.</summary>
    string Now { get; }

    /// <summary>A timestamp literal for <paramref name="utc"/> in this engine's comparable form.</summary>
    string TimestampLiteral(DateTime utc);

    /// <summary>Truncates a timestamp expression to a unit: second, minute, hour, day, week, month, year.</summary>
    string DateTrunc(string unit, string expression);

    /// <summary>Extracts a field (second, minute, hour, day, dow, week, month, year) as an integer.</summary>
    string Extract(string field, string expression);

    /// <summary>Adds <paramref name="amount"/> units (negative subtracts) to a timestamp expression.</summary>
    string AddInterval(string expression, long amount, string unit);

    /// <summary>
    /// Rewrites DDL written for PostgreSQL (the <c>create</c> of a table policy: <c>SERIAL PRIMARY KEY</c>, <c>NOW()</c>)
    /// into this engine's form. PostgreSQL returns it unchanged.
    /// </summary>
    string TranslateDdl(string ddl);
}
