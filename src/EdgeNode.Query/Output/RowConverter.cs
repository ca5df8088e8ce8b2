using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;

namespace EdgeNode.Query.Output;

/// <summary>
/// The values of an answer row as printed: timestamps in the query's time zone, then each column's output casts. A cast
/// reads the value as stored, as EdgeLake's casts do: a timestamp is its UTC ISO text (<c>2026-01-15T08:30:00.250000Z</c>,
/// the form EdgeLake's operators keep what devices send), not converted to the query's time zone, so
/// <c>min(timestamp)::ljust(19)</c> is <c>2026-01-15T08:30:00</c>.
/// </summary>
internal sealed class RowConverter(IReadOnlyList<OutputColumn> columns, TimeZoneInfo zone, DateTime nowUtc)
{
    private readonly object?[] _row = new object?[columns.Count];

    /// <summary>True when some column changes on the way out (a timestamp column, a cast).</summary>
    public bool Converts { get; } = columns.Any(c => c.Type == ColumnType.Timestamp || c.Casts.Count > 0);

    /// <summary>The converted row, in a buffer reused by the next call.</summary>
    public IReadOnlyList<object?> Convert(IReadOnlyList<object?> values)
    {
        if (!Converts) return values;
        var utc = ReferenceEquals(zone, TimeZoneInfo.Utc);
        for (var i = 0; i < _row.Length; i++)
        {
            var column = columns[i];
            var value = i < values.Count ? values[i] : null;
            if (column.Casts.Count > 0)
            {
                if (column.Type == ColumnType.Timestamp) value = TimeValues.ToIsoText(value);
                foreach (var cast in column.Casts) value = OutputCasts.Apply(cast, value, nowUtc);
            }
            else if (column.Type == ColumnType.Timestamp && !utc) value = TimeValues.ToZone(value, zone);
            _row[i] = value;
        }
        return _row;
    }
}
