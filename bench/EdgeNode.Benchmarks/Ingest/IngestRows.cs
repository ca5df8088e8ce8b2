using System.Globalization;
using System.Text;

namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// The rows every ingest case loads: the shape of EdgeLake's <c>rand_data</c> table (insert_timestamp, tsd_name,
/// tsd_id, timestamp, value), generated once so raw baselines and EdgeNode load exactly the same values.
/// </summary>
public sealed class IngestRows
{
    /// <summary>The table policy DDL a real EdgeLake operator created (reference blockchain_get_table.txt), indexes included.</summary>
    public static string CreateTable(string table) => Ddl.Replace("{0}", table, StringComparison.Ordinal);

    private const string Ddl =
        "CREATE TABLE IF NOT EXISTS {0}(  row_id SERIAL PRIMARY KEY,  insert_timestamp TIMESTAMP NOT NULL DEFAULT NOW(),  tsd_name CHAR(3),  " +
        "tsd_id INT,  timestamp timestamp not null default now(),  value decimal ); CREATE INDEX {0}_timestamp_index ON {0}(timestamp); " +
        "CREATE INDEX {0}_tsd_index ON {0}(tsd_name, tsd_id); CREATE INDEX {0}_insert_timestamp_index ON {0}(insert_timestamp);";

    public static readonly string[] Columns = ["insert_timestamp", "tsd_name", "tsd_id", "timestamp", "value"];

    public IngestRows(int count)
    {
        var random = new Random(42);
        var start = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        Inserted = start.AddHours(2);
        Timestamps = new DateTime[count];
        Values = new double[count];
        for (var i = 0; i < count; i++)
        {
            Timestamps[i] = start.AddMilliseconds(i);
            Values[i] = Math.Round(random.NextDouble() * 100, 4);
        }
    }

    public int Count => Values.Length;
    public DateTime Inserted { get; }
    public string TsdName => "113";
    public long TsdId => 1;
    public DateTime[] Timestamps { get; }
    public double[] Values { get; }

    /// <summary>Row <paramref name="index"/> as a client sends it: <c>{"timestamp": "...", "value": ...}</c>.</summary>
    public StringBuilder AppendJson(StringBuilder text, int index) =>
        text.Append("{\"timestamp\": \"").Append(Timestamps[index].ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
            .Append("\", \"value\": ").Append(Values[index].ToString("R", CultureInfo.InvariantCulture)).Append('}');
}
