using System.Globalization;
using System.Text.RegularExpressions;
using EdgeNode.Core.Storage;

namespace EdgeNode.Storage.Partitions;

/// <summary>
/// A physical partition table name, <c>par_&lt;table&gt;_&lt;date key&gt;_&lt;unit letter&gt;&lt;NN&gt;_&lt;column&gt;</c>
/// (reference: <c>par_rand_data_2026_11_01_d14_insert_timestamp</c>, <c>par_test_data_2019_10_15_17_h01_timestamp</c>).
/// The date key is the start of the interval: <c>YYYY_MM_DD</c>, plus <c>_HH</c>, <c>_MI</c>, <c>_SS</c> for hour,
/// minute and second units. Letters: y(ear), m(onth), w(eek), d(ay), h(our), t (minute), s(econd).
/// </summary>
internal sealed partial record PartitionName(string Table, DateTime Start, PartitionUnit Unit, int Count, string Column)
{
    [GeneratedRegex(@"^par_(?<table>.+?)_(?<date>\d{4}_\d{2}_\d{2}(?:_\d{2}){0,3})_(?<unit>[ymwdhts])(?<count>\d{2,})_(?<column>.+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public string DateKey => Unit switch
    {
        PartitionUnit.Hour => Start.ToString("yyyy_MM_dd_HH", CultureInfo.InvariantCulture),
        PartitionUnit.Minute => Start.ToString("yyyy_MM_dd_HH_mm", CultureInfo.InvariantCulture),
        PartitionUnit.Second => Start.ToString("yyyy_MM_dd_HH_mm_ss", CultureInfo.InvariantCulture),
        _ => Start.ToString("yyyy_MM_dd", CultureInfo.InvariantCulture),
    };

    public string PhysicalName =>
        $"par_{Table}_{DateKey}_{Letter(Unit)}{Count.ToString("00", CultureInfo.InvariantCulture)}_{Column}";

    public override string ToString() => PhysicalName;

    /// <summary>End of the interval (exclusive).</summary>
    public DateTime End => PartitionCalendar.Next(Start, Unit, Count);

    public static char Letter(PartitionUnit unit) => unit switch
    {
        PartitionUnit.Year => 'y',
        PartitionUnit.Month => 'm',
        PartitionUnit.Week => 'w',
        PartitionUnit.Day => 'd',
        PartitionUnit.Hour => 'h',
        PartitionUnit.Minute => 't',
        _ => 's',
    };

    private static PartitionUnit FromLetter(char letter) => letter switch
    {
        'y' => PartitionUnit.Year,
        'm' => PartitionUnit.Month,
        'w' => PartitionUnit.Week,
        'd' => PartitionUnit.Day,
        'h' => PartitionUnit.Hour,
        't' => PartitionUnit.Minute,
        _ => PartitionUnit.Second,
    };

    /// <summary>The partition of <paramref name="table"/> that holds <paramref name="value"/> under <paramref name="definition"/>.</summary>
    public static PartitionName For(string table, PartitionDefinition definition, DateTime value) =>
        new(table.ToLowerInvariant(), PartitionCalendar.Start(value, definition.Unit, definition.Count), definition.Unit,
            definition.Count, definition.Column.ToLowerInvariant());

    public static bool TryParse(string physical, out PartitionName name)
    {
        name = null!;
        var match = Pattern().Match(physical.ToLowerInvariant());
        if (!match.Success) return false;
        var parts = match.Groups["date"].Value.Split('_').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (parts[1] is < 1 or > 12 || parts[2] < 1 || parts[2] > DateTime.DaysInMonth(parts[0], parts[1])) return false;
        var start = new DateTime(parts[0], parts[1], parts[2], parts.Length > 3 ? parts[3] : 0, parts.Length > 4 ? parts[4] : 0,
            parts.Length > 5 ? parts[5] : 0, DateTimeKind.Utc);
        name = new PartitionName(match.Groups["table"].Value, start, FromLetter(match.Groups["unit"].Value[0]),
            int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture), match.Groups["column"].Value);
        return true;
    }

    /// <summary>True when <paramref name="physical"/> is a partition of <paramref name="table"/>.</summary>
    public static bool IsPartitionOf(string physical, string table) =>
        TryParse(physical, out var name) && name.Table.Equals(table, StringComparison.OrdinalIgnoreCase);
}
