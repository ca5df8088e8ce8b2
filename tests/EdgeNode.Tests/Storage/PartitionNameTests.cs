using EdgeNode.Core.Storage;
using EdgeNode.Storage.Partitions;

namespace EdgeNode.Tests.Storage;

public sealed class PartitionNameTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new(y, m, d, h, min, s, DateTimeKind.Utc);

    [Theory]
    [InlineData("test_data", "timestamp", 1, PartitionUnit.Hour, "2019-10-15T17:23:45Z", "par_test_data_2019_10_15_17_h01_timestamp")]
    [InlineData("rand_data", "insert_timestamp", 14, PartitionUnit.Day, "2026-11-10T02:00:11Z", "par_rand_data_2026_11_01_d14_insert_timestamp")]
    [InlineData("rand_data", "insert_timestamp", 14, PartitionUnit.Day, "2026-11-28T02:00:11Z", "par_rand_data_2026_11_15_d14_insert_timestamp")]
    [InlineData("t", "ts", 1, PartitionUnit.Day, "2026-11-28T23:59:59Z", "par_t_2026_11_28_d01_ts")]
    [InlineData("t", "ts", 3, PartitionUnit.Month, "2026-05-10T00:00:00Z", "par_t_2026_04_01_m03_ts")]
    [InlineData("t", "ts", 1, PartitionUnit.Week, "2026-11-28T10:00:00Z", "par_t_2026_11_23_w01_ts")]
    [InlineData("t", "ts", 15, PartitionUnit.Minute, "2026-11-28T10:37:00Z", "par_t_2026_11_28_10_30_t15_ts")]
    [InlineData("t", "ts", 10, PartitionUnit.Second, "2026-11-28T10:37:59Z", "par_t_2026_11_28_10_37_50_s10_ts")]
    [InlineData("t", "ts", 1, PartitionUnit.Year, "2026-11-28T10:37:59Z", "par_t_2026_01_01_y01_ts")]
    public void A_value_falls_in_the_partition_named_by_its_interval_start(string table, string column, int count, PartitionUnit unit, string value,
        string expected)
    {
        var when = DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var name = PartitionName.For(table, new PartitionDefinition(table, column, count, unit), when);
        Assert.Equal(expected, name.PhysicalName);
        Assert.True(when >= name.Start && when < name.End);
    }

    [Fact]
    public void Reference_names_parse_back_to_their_parts()
    {
        Assert.True(PartitionName.TryParse("par_rand_data_2026_11_01_d14_insert_timestamp", out var name));
        Assert.Equal(("rand_data", Utc(2026, 11, 1), PartitionUnit.Day, 14, "insert_timestamp"), (name.Table, name.Start, name.Unit, name.Count, name.Column));
        Assert.True(PartitionName.TryParse("par_test_data_2019_10_15_17_h01_timestamp", out var hourly));
        Assert.Equal(Utc(2019, 10, 15, 17), hourly.Start);
        Assert.True(PartitionName.IsPartitionOf("par_rand_data_2026_11_01_d14_insert_timestamp", "rand_data"));
        Assert.False(PartitionName.IsPartitionOf("par_rand_data_2026_11_01_d14_insert_timestamp", "rand"));
        Assert.False(PartitionName.TryParse("rand_data", out _));
        Assert.False(PartitionName.TryParse("par_x_2026_13_01_d01_ts", out _));
    }

    [Fact]
    public void Day_intervals_end_at_the_end_of_the_month()
    {
        Assert.Equal(Utc(2026, 11, 29), PartitionCalendar.Next(Utc(2026, 11, 15), PartitionUnit.Day, 14));
        Assert.Equal(Utc(2026, 12, 1), PartitionCalendar.Next(Utc(2026, 11, 29), PartitionUnit.Day, 14));
        Assert.Equal(Utc(2026, 11, 29), PartitionCalendar.Next(Utc(2026, 11, 28, 18), PartitionUnit.Hour, 12));
    }

    [Theory]
    [InlineData("days", PartitionUnit.Day)]
    [InlineData("hour", PartitionUnit.Hour)]
    [InlineData("Months", PartitionUnit.Month)]
    [InlineData("min", PartitionUnit.Minute)]
    public void Units_parse_in_singular_and_plural(string text, PartitionUnit unit)
    {
        Assert.True(PartitionCalendar.TryParseUnit(text, out var parsed));
        Assert.Equal(unit, parsed);
        Assert.False(PartitionCalendar.TryParseUnit("fortnights", out _));
    }
}
