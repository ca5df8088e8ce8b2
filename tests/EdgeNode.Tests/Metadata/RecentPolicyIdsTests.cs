using EdgeNode.Metadata.Ledger;

namespace EdgeNode.Tests.Metadata;

public sealed class RecentPolicyIdsTests
{
    private DateTime _now = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_id_is_kept_with_its_time_until_forgotten()
    {
        var ids = new RecentPolicyIds(() => _now);
        ids.Mark("a");
        Assert.Equal(_now, ids.Since("a"));
        Assert.Null(ids.Since("b"));
        ids.Forget("a");
        Assert.Null(ids.Since("a"));
    }

    [Fact]
    public void A_node_that_publishes_a_policy_a_minute_keeps_about_an_hour_of_them()
    {
        var ids = new RecentPolicyIds(() => _now);
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            ids.Mark($"policy-{minute}");
            _now += TimeSpan.FromMinutes(1);
        }
        Assert.InRange(ids.Count, 60, 2 * 60 + 1);
        Assert.NotNull(ids.Since($"policy-{24 * 60 - 1}"));
        Assert.Null(ids.Since("policy-0"));
    }
}
