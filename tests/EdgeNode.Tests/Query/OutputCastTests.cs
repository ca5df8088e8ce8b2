using EdgeNode.Query.Output;
using EdgeNode.Query.Planning;
using EdgeNode.Query.Sql;

namespace EdgeNode.Tests.Query;

public sealed class OutputCastTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 2, 0, 0, DateTimeKind.Utc);

    private static object? Cast(string name, string? argument, object? value) => OutputCasts.Apply(new OutputCast(name, argument), value, Now);

    [Theory]
    [InlineData(2.675, 2, 2.67)] // the binary value is below the half
    [InlineData(0.125, 2, 0.12)] // an exact tie goes to even, as Python's round
    [InlineData(0.375, 2, 0.38)]
    [InlineData(2.5, 0, 2.0)]
    [InlineData(3.5, 0, 4.0)]
    [InlineData(-0.125, 2, -0.12)]
    [InlineData(2.4166666666666665, 3, 2.417)]
    public void Float_rounds_as_python_does(double value, int digits, double expected) =>
        Assert.Equal(expected, Cast("float", digits.ToString(System.Globalization.CultureInfo.InvariantCulture), value));

    [Fact]
    public void Casts_change_type_and_text()
    {
        Assert.Equal(2L, Cast("int", null, 2.9));
        Assert.Equal(-2L, Cast("int", null, "-2.9"));
        Assert.Equal("3", Cast("str", null, 3L));
        Assert.Equal("ab   ", Cast("ljust", "5", "ab"));
        Assert.Equal("  1.5", Cast("rjust", "5", 1.5));
        // longer values are cut, as EdgeLake's cast_to_just does: ljust keeps the first n characters, rjust the last n
        Assert.Equal("2024-11-30T23:59:51", Cast("ljust", "19", "2024-11-30T23:59:51.000001Z"));
        Assert.Equal(".868886Z", Cast("rjust", "8", "2028-05-24T23:01:32.868886Z"));
        Assert.Null(Cast("float", "2", null));
        Assert.Equal("text", Cast("float", "2", "text"));
    }

    [Theory]
    [InlineData(":,", 1234567L, "1,234,567")]
    [InlineData("{:,}", 1234567.5, "1,234,567.5")]
    [InlineData(":,.2f", 1234567.456, "1,234,567.46")]
    [InlineData(".1%", 0.256, "25.6%")]
    [InlineData(">8", 42L, "      42")]
    [InlineData("08.3f", -3.14159, "-003.142")]
    [InlineData("+d", 7L, "+7")]
    [InlineData(".2e", 12345.678, "1.23e+04")]
    [InlineData("^7", "ab", "  ab   ")]
    public void Format_follows_the_python_mini_language(string spec, object value, string expected) =>
        Assert.Equal(expected, Cast("format", spec, value));

    [Fact]
    public void Dates_format_compare_and_change_zone()
    {
        Assert.Equal("2026-11-27 23:59", Cast("datetime", "%Y-%m-%d %H:%M", "2026-11-27 23:59:58.500000"));
        Assert.Equal("Fri 27 Nov", Cast("datetime", "%a %d %b", "2026-11-27 23:59:58.500000"));
        Assert.Equal("0:00:01.500000", Cast("timediff", "now()", "2026-11-28 01:59:58.500000"));
        Assert.Equal("1 day, 2:03:04", Cast("timediff", "'2026-11-28 02:00:00'", "2026-11-26 23:56:56.000000"));
        Assert.Equal("-1 day, 23:59:59", Cast("timediff", null, "2026-11-28 02:00:01.000000"));
        Assert.Equal("2026-11-27 21:00:00.000000", Cast("timezone", "America/New_York", "2026-11-28 02:00:00.000000"));
        Assert.Equal("2026-11-28 03:00:00.000000", Cast("timezone", "Europe/Paris", new DateTime(2026, 11, 28, 2, 0, 0)));
    }

    [Theory]
    [InlineData("pt", "2026-11-27 18:00:00.000000")]
    [InlineData("mt", "2026-11-27 19:00:00.000000")]
    [InlineData("CT", "2026-11-27 20:00:00.000000")]
    [InlineData("et", "2026-11-27 21:00:00.000000")]
    public void EdgeLakes_short_names_of_the_US_zones_are_time_zones(string name, string expected)
    {
        // timezone = pt is EdgeLake's Pacific time (generic/utils_columns.py tz_list), not an error
        Assert.True(TimeZones.TryFind(name, out var zone));
        Assert.Equal(expected, TimeValues.ToZone("2026-11-28 02:00:00.000000", zone));
        Assert.Equal(expected, Cast("timezone", name, "2026-11-28 02:00:00.000000"));
    }

    [Fact]
    public void A_cast_timestamp_column_is_its_stored_utc_iso_text_in_any_time_zone()
    {
        var columns = new[] { new OutputColumn("min_ts", EdgeNode.Core.Storage.ColumnType.Timestamp, [new OutputCast("ljust", "19")]),
            new OutputColumn("at", EdgeNode.Core.Storage.ColumnType.Timestamp, []) };
        var converter = new RowConverter(columns, TimeZones.TryFind("America/New_York", out var zone) ? zone : throw new InvalidOperationException(), Now);
        var row = converter.Convert(["2024-11-30 23:59:51.000001", "2024-11-30 23:59:51.000001"]);
        Assert.Equal("2024-11-30T23:59:51", row[0]);
        Assert.Equal("2024-11-30 18:59:51.000001", row[1]); // without a cast: in the query's zone
        Assert.Equal("2024-11-30T23:59:51.000001Z", new RowConverter([columns[0] with { Casts = [new OutputCast("str", null)] }], TimeZoneInfo.Utc, Now)
            .Convert([new DateTime(2024, 11, 30, 23, 59, 51, DateTimeKind.Utc).AddTicks(10)])[0]);
    }
}
