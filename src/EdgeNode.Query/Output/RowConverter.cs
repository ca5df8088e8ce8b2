using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;

namespace EdgeNode.Query.Output;

/// <summary>The values of an answer row as printed: timestamps in the query's time zone, then each column's output casts.</summary>
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
            if (column.Type == ColumnType.Timestamp && !utc) value = TimeValues.ToZone(value, zone);
            foreach (var cast in column.Casts) value = OutputCasts.Apply(cast, value, nowUtc);
            _row[i] = value;
        }
        return _row;
    }
}
