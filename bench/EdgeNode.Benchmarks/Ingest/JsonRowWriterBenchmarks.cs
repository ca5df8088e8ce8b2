using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeNode.Core.Storage;
using EdgeNode.Ingest.Operator;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// The operator's JSON → typed setters step alone (no database): 10,000 <c>rand_data</c> rows into a load that only
/// takes the values. <c>dotnet run -c Release --project bench/EdgeNode.Benchmarks -- micro --filter *JsonRowWriter*</c>
/// </summary>
[MemoryDiagnoser]
public class JsonRowWriterBenchmarks
{
    private byte[] _json = [];
    private ColumnPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rows = new IngestRows(10_000);
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
            text.Append("{\"timestamp\": \"").Append(rows.Timestamps[i].ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
                .Append("\", \"value\": ").Append(rows.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append("}\n");
        _json = Encoding.UTF8.GetBytes(text.ToString());
        _plan = new ColumnPlan(new TableSchema("rand_data",
        [
            new ColumnSchema("row_id", "integer", ColumnType.Integer) { Generated = true, PrimaryKey = true },
            new ColumnSchema("insert_timestamp", "timestamp", ColumnType.Timestamp) { NotNull = true, Default = "now()" },
            new ColumnSchema("tsd_name", "char(3)", ColumnType.Char) { Length = 3 },
            new ColumnSchema("tsd_id", "int", ColumnType.Integer),
            new ColumnSchema("timestamp", "timestamp", ColumnType.Timestamp) { NotNull = true, Default = "now()" },
            new ColumnSchema("value", "decimal", ColumnType.Decimal),
        ]));
    }

    [Benchmark(Description = "10,000 JSON rows → setters")]
    public Task<long> Write() =>
        new JsonRowWriter(_plan, new CountingLoad(_plan.Columns.Length), new RowStamp(DateTime.UtcNow, "113", 1), exactDecimals: false)
            .WriteAsync(_json, CancellationToken.None);

    /// <summary>A load that keeps nothing: what is measured is the reading and converting.</summary>
    private sealed class CountingLoad(int columns) : IBulkLoad
    {
        private readonly long[] _values = new long[columns];

        public IReadOnlyList<ColumnSchema> Columns => [];
        public long Rows { get; private set; }
        public void SetNull(int column) => _values[column] = 0;
        public void SetInt64(int column, long value) => _values[column] = value;
        public void SetDouble(int column, double value) => _values[column] = (long)value;
        public void SetDecimal(int column, decimal value) => _values[column] = (long)value;
        public void SetBoolean(int column, bool value) => _values[column] = value ? 1 : 0;
        public void SetString(int column, string value) => _values[column] = value.Length;
        public void SetTimestamp(int column, DateTime value) => _values[column] = value.Ticks;
        public void SetDate(int column, DateOnly value) => _values[column] = value.DayNumber;
        public void SetTime(int column, TimeOnly value) => _values[column] = value.Ticks;
        public void SetGuid(int column, Guid value) => _values[column] = 1;
        public void SetValue(int column, object? value) => _values[column] = 1;

        public ValueTask AddRowAsync(CancellationToken cancellation = default)
        {
            Rows++;
            return ValueTask.CompletedTask;
        }

        public ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellation = default) => ValueTask.FromResult(0);
        public ValueTask<BulkLoadResult> CommitAsync(CancellationToken cancellation = default) => ValueTask.FromResult(new BulkLoadResult(Rows, new Dictionary<string, long>(), 0));
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
