using EdgeNode.Network.Rest;

namespace EdgeNode.Tests.Network;

public sealed class RestCallStatisticsTests
{
    [Fact]
    public void The_table_has_EdgeLakes_shape()
    {
        var time = new ManualTime { Now = new DateTimeOffset(2026, 11, 28, 1, 59, 11, TimeSpan.Zero) };
        var stats = new RestCallStatistics(time);
        stats.Record("anylog", "POST", "127.0.0.1:33326", "Error Command Structure");
        stats.Record("anylog", "GET", "127.0.0.1:35190", null);
        time.Now = time.Now.AddSeconds(43);
        stats.Record("anylog", "GET", "127.0.0.1:35194", "Wrong HTTP method used");
        stats.Record("grafana", "POST", "127.0.0.1:40000", null);
        Assert.Equal("""

            Statistics for REST calls using http://127.0.0.1:32149
            Caller  Call Processed Errors Last Error              First Call          Last Call           Last Caller     
            -------|----|---------|------|-----------------------|-------------------|-------------------|---------------|
            anylog |GET |        2|     1|Wrong HTTP method used |2026-11-28 01:59:11|2026-11-28 01:59:54|127.0.0.1:35194|
                   |POST|        1|     1|Error Command Structure|2026-11-28 01:59:11|2026-11-28 01:59:11|127.0.0.1:33326|
            grafana|POST|        1|     0|                       |2026-11-28 01:59:54|2026-11-28 01:59:54|127.0.0.1:40000|

            """.Replace("\n", "\r\n", StringComparison.Ordinal), stats.Format("http://127.0.0.1:32149"));
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
