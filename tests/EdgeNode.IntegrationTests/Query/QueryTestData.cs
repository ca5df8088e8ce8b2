using System.Globalization;

namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// The rows the query tests load: readings of five devices with whole-second timestamps (unique), values in quarters
/// (sums and averages are exact in any order) and integer readings. Three time scales: a dense run one second apart
/// (seconds, minutes), a medium run 37 minutes apart (hours, days) and a sparse run 31 hours apart over three years
/// (weeks, months, years).
/// </summary>
internal static class QueryTestData
{
    public const string Readings = "readings";
    public const string MoreReadings = "readings2";

    public static readonly string[] Columns = ["device_name", "timestamp", "value", "reading"];

    public static string Create(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table}(  device_name VARCHAR,  timestamp TIMESTAMP NOT NULL,  value FLOAT,  reading INT ); " +
        $"CREATE INDEX {table}_timestamp_index ON {table}(timestamp);";

    public static List<object?[]> Rows(string table)
    {
        var rows = new List<object?[]>();
        var random = new Random(table == Readings ? 7 : 11);
        void Add(DateTime time) =>
            rows.Add([$"dev-{random.Next(1, 6).ToString(CultureInfo.InvariantCulture)}", time, random.Next(-200, 400) / 4.0, (long)random.Next(0, 1000)]);
        var dense = new DateTime(2025, 3, 14, 9, 15, 0, DateTimeKind.Utc);
        var medium = new DateTime(2025, 1, 1, 0, 0, 13, DateTimeKind.Utc);
        var sparse = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var count = table == Readings ? 1000 : 200;
        for (var i = 0; i < count; i++)
        {
            Add(dense.AddSeconds(i));
            Add(medium.AddMinutes(37 * i));
            Add(sparse.AddHours(31 * i));
        }
        return rows;
    }
}
