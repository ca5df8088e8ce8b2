using System.Text;
using EdgeNode.Storage.Loading;

namespace EdgeNode.Tests.Storage;

public sealed class Utf8ValuesTests
{
    [Fact]
    public void Timestamps_and_dates_read_as_the_storage_text_forms()
    {
        var random = new Random(19);
        DateTime[] edges = [DateTime.MinValue, DateTime.MaxValue, new(2026, 12, 5, 23, 59, 59, 999, 999, DateTimeKind.Utc), new(999, 1, 2, 3, 4, 5, DateTimeKind.Utc)];
        var samples = edges.Concat(Enumerable.Range(0, 10_000).Select(_ => new DateTime(random.NextInt64(DateTime.MaxValue.Ticks), DateTimeKind.Utc)));
        Span<byte> buffer = stackalloc byte[32];
        foreach (var sample in samples)
        {
            // SQLite stores microseconds: the tick below them is not written
            Assert.Equal(ValueText.Timestamp(sample), Encoding.ASCII.GetString(buffer[..Utf8Values.WriteTimestamp(sample.Ticks, buffer)]));
            var date = DateOnly.FromDateTime(sample);
            Assert.Equal(ValueText.Date(date), Encoding.ASCII.GetString(buffer[..Utf8Values.WriteDate(date, buffer)]));
        }
    }
}
