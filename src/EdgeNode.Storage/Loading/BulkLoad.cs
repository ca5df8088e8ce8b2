using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Storage;
using EdgeNode.Storage.Partitions;

namespace EdgeNode.Storage.Loading;

/// <summary>
/// <see cref="IBulkLoad"/> for both engines: converts each value to its column's type into a <see cref="RowBuffer"/>,
/// picks the physical table from the partition definition (the partition column's value, or now when the row has none),
/// creates missing partitions once, and hands the row to the engine's <see cref="LoadSession"/>.
/// </summary>
internal sealed class BulkLoad : IBulkLoad
{
    private readonly Dbms _dbms;
    private readonly LoadSession _session;
    private readonly string _table;
    private readonly ColumnSchema[] _columns;
    private readonly RowBuffer _row;
    private readonly PartitionDefinition? _partitioning;
    private readonly int _partitionColumn;
    private readonly BulkLoadOptions _options;
    private readonly Dictionary<string, long> _rowsByTable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ensured = new(StringComparer.Ordinal);
    private PartitionName? _current;
    private string? _currentName;
    private string? _target;
    private long _targetRows;
    private long _replaced;
    private bool _committed;

    private BulkLoad(Dbms dbms, LoadSession session, string table, ColumnSchema[] columns, PartitionDefinition? partitioning,
        BulkLoadOptions options)
    {
        _dbms = dbms;
        _session = session;
        _table = table;
        _columns = columns;
        _row = new RowBuffer(columns.Length);
        _partitioning = partitioning;
        _options = options;
        _partitionColumn = partitioning is null ? -1 : Array.FindIndex(columns, c => c.Name.Equals(partitioning.Column, StringComparison.OrdinalIgnoreCase));
    }

    public static async Task<BulkLoad> StartAsync(Dbms dbms, LoadSession session, string table, ColumnSchema[] columns,
        PartitionDefinition? partitioning, BulkLoadOptions options, CancellationToken cancellation)
    {
        var load = new BulkLoad(dbms, session, table, columns, partitioning, options);
        try
        {
            if (options.ReplaceTsdName is not null && options.ReplaceTsdId is { } id)
                foreach (var physical in await dbms.PhysicalTablesAsync(table, cancellation))
                    load._replaced += await session.ExecuteAsync(
                        $"DELETE FROM {dbms.Dialect.QuoteIdentifier(physical)} WHERE tsd_name = @p0 AND tsd_id = @p1",
                        [options.ReplaceTsdName, id], cancellation);
            return load;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<ColumnSchema> Columns => _columns;

    public long Rows { get; private set; }

    public void SetNull(int column) => _row.Kinds[column] = CellKind.Null;

    public void SetInt64(int column, long value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal: Put(column, CellKind.Int64, value); break;
            case ColumnType.Float: PutDouble(column, value); break;
            case ColumnType.Boolean when value is 0 or 1: Put(column, CellKind.Boolean, value); break;
            case ColumnType.Timestamp: Put(column, CellKind.Timestamp, DateTime.UnixEpoch.AddSeconds(value).Ticks); break;
            default: SetString(column, value.ToString(CultureInfo.InvariantCulture)); break;
        }
    }

    public void SetDouble(int column, double value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Float or ColumnType.Decimal: PutDouble(column, value); break;
            case ColumnType.Integer or ColumnType.BigInt when value == Math.Floor(value) && Math.Abs(value) < 9.2e18:
                Put(column, CellKind.Int64, (long)value); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, ValueText.Number(value)); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetDecimal(int column, decimal value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Decimal:
                _row.Kinds[column] = CellKind.Decimal;
                _row.Decimals[column] = value;
                break;
            case ColumnType.Float: PutDouble(column, (double)value); break;
            case ColumnType.Integer or ColumnType.BigInt when value == decimal.Truncate(value): Put(column, CellKind.Int64, (long)value); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, value.ToString(CultureInfo.InvariantCulture)); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetBoolean(int column, bool value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Boolean: Put(column, CellKind.Boolean, value ? 1 : 0); break;
            case ColumnType.Integer or ColumnType.BigInt: Put(column, CellKind.Int64, value ? 1 : 0); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, value ? "true" : "false"); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetTimestamp(int column, DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        switch (_columns[column].Type)
        {
            case ColumnType.Timestamp: Put(column, CellKind.Timestamp, utc.Ticks); break;
            case ColumnType.Date: Put(column, CellKind.Date, DateOnly.FromDateTime(utc).DayNumber); break;
            case ColumnType.Time: Put(column, CellKind.Time, utc.TimeOfDay.Ticks); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, ValueText.Timestamp(utc)); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetDate(int column, DateOnly value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Date: Put(column, CellKind.Date, value.DayNumber); break;
            case ColumnType.Timestamp: Put(column, CellKind.Timestamp, value.ToDateTime(TimeOnly.MinValue).Ticks); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, ValueText.Date(value)); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetTime(int column, TimeOnly value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Time: Put(column, CellKind.Time, value.Ticks); break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, ValueText.Time(value)); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetGuid(int column, Guid value)
    {
        switch (_columns[column].Type)
        {
            case ColumnType.Uuid:
                _row.Kinds[column] = CellKind.Guid;
                _row.Guids[column] = value;
                break;
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown: SetString(column, value.ToString("D")); break;
            default: throw Mismatch(column, value);
        }
    }

    public void SetString(int column, string value)
    {
        var schema = _columns[column];
        switch (schema.Type)
        {
            case ColumnType.Char or ColumnType.Varchar or ColumnType.Unknown:
                if (schema.Length is { } max && value.Length > max)
                    throw new StorageException(ErrorCode.DataTypeMismatch,
                        $"value '{value}' is longer than {max} characters for column '{schema.Name}' ({schema.DeclaredType})");
                _row.Kinds[column] = CellKind.Text;
                _row.Texts[column] = value;
                return;
            case ColumnType.Integer or ColumnType.BigInt:
                if (long.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                        CultureInfo.InvariantCulture, out var l)) Put(column, CellKind.Int64, l);
                else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) SetDouble(column, d);
                else throw Mismatch(column, value);
                return;
            case ColumnType.Float or ColumnType.Decimal:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) throw Mismatch(column, value);
                if (schema.Type == ColumnType.Decimal && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
                    SetDecimal(column, m);
                else PutDouble(column, f);
                return;
            case ColumnType.Boolean:
                var lower = value.Trim().ToLowerInvariant();
                if (lower is "true" or "t" or "1" or "yes" or "y") Put(column, CellKind.Boolean, 1);
                else if (lower is "false" or "f" or "0" or "no" or "n") Put(column, CellKind.Boolean, 0);
                else throw Mismatch(column, value);
                return;
            case ColumnType.Timestamp:
                if (!ValueText.TryParseTimestamp(value, out var utc)) throw Mismatch(column, value);
                Put(column, CellKind.Timestamp, utc.Ticks);
                return;
            case ColumnType.Date:
                if (!DateOnly.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var date))
                {
                    if (!ValueText.TryParseTimestamp(value, out var stamp)) throw Mismatch(column, value);
                    date = DateOnly.FromDateTime(stamp);
                }
                Put(column, CellKind.Date, date.DayNumber);
                return;
            case ColumnType.Time:
                if (!TimeOnly.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var time)) throw Mismatch(column, value);
                Put(column, CellKind.Time, time.Ticks);
                return;
            case ColumnType.Uuid:
                if (!Guid.TryParse(value, out var guid)) throw Mismatch(column, value);
                SetGuid(column, guid);
                return;
            case ColumnType.Cidr:
                if (!IPNetwork.TryParse(value.Trim(), out _) && !IPAddress.TryParse(value.Trim(), out _)) throw Mismatch(column, value);
                _row.Kinds[column] = CellKind.Text;
                _row.Texts[column] = value.Trim();
                return;
        }
    }

    public void SetValue(int column, object? value)
    {
        switch (value)
        {
            case null or DBNull: SetNull(column); break;
            case string s: SetString(column, s); break;
            case long l: SetInt64(column, l); break;
            case int i: SetInt64(column, i); break;
            case short s16: SetInt64(column, s16); break;
            case byte b: SetInt64(column, b); break;
            case double d: SetDouble(column, d); break;
            case float f: SetDouble(column, f); break;
            case decimal m: SetDecimal(column, m); break;
            case bool b: SetBoolean(column, b); break;
            case DateTime t: SetTimestamp(column, t); break;
            case DateTimeOffset o: SetTimestamp(column, o.UtcDateTime); break;
            case DateOnly d: SetDate(column, d); break;
            case TimeOnly t: SetTime(column, t); break;
            case Guid g: SetGuid(column, g); break;
            default: SetString(column, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
        }
    }

    public async ValueTask AddRowAsync(CancellationToken cancellation = default)
    {
        var target = _table;
        if (_partitioning is not null)
        {
            var when = PartitionTime();
            if (_current is null || when < _current.Start || when >= _current.End)
            {
                _current = PartitionName.For(_table, _partitioning, when);
                _currentName = _current.PhysicalName;
            }
            target = _currentName!;
        }
        if (!ReferenceEquals(target, _target))
        {
            // per-table bookkeeping happens when the target changes, not per row
            CountRows();
            _target = target;
            if (_partitioning is not null && _ensured.Add(target) && _options.CreatePartitions)
                await _dbms.EnsurePartitionAsync(_session, _table, target, cancellation);
        }
        await _session.WriteRowAsync(target, _columns, _row, cancellation);
        _targetRows++;
        Rows++;
        _row.Clear();
    }

    private void CountRows()
    {
        if (_target is null || _targetRows == 0) return;
        CollectionsMarshal.GetValueRefOrAddDefault(_rowsByTable, _target, out _) += _targetRows;
        _targetRows = 0;
    }

    /// <summary>The value that picks the row's partition: its partition column (timestamp or date), else now.</summary>
    private DateTime PartitionTime() => _partitionColumn < 0 ? _dbms.UtcNow : _row.Kinds[_partitionColumn] switch
    {
        CellKind.Timestamp => _row.TimestampAt(_partitionColumn),
        CellKind.Date => DateOnly.FromDayNumber((int)_row.Longs[_partitionColumn]).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        _ => _dbms.UtcNow,
    };

    public ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellation = default) =>
        _session.ExecuteAsync(sql, null, cancellation);

    public async ValueTask<BulkLoadResult> CommitAsync(CancellationToken cancellation = default)
    {
        await _session.CommitAsync(cancellation);
        _committed = true;
        CountRows();
        _dbms.ConfirmPartitions(_ensured);
        return new BulkLoadResult(Rows, new Dictionary<string, long>(_rowsByTable, StringComparer.Ordinal), _replaced);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed) _dbms.ForgetPartitions(_ensured);
        await _session.DisposeAsync();
    }

    private void Put(int column, CellKind kind, long value)
    {
        _row.Kinds[column] = kind;
        _row.Longs[column] = value;
    }

    private void PutDouble(int column, double value)
    {
        if (!double.IsFinite(value)) throw Mismatch(column, value);
        _row.Kinds[column] = CellKind.Double;
        _row.Doubles[column] = value;
    }

    private StorageException Mismatch(int column, object value) =>
        new(ErrorCode.DataTypeMismatch,
            $"value '{Convert.ToString(value, CultureInfo.InvariantCulture)}' does not fit column '{_columns[column].Name}' ({_columns[column].DeclaredType}) of table '{_table}'");
}
