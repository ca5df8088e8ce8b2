using EdgeNode.Network.Mqtt.Broker;

namespace EdgeNode.Tests.Network.Mqtt;

/// <summary>What the broker accepts as a subscription (shared subscriptions included) and its permission rules; matching: TopicFilterTests.</summary>
public sealed class TopicFiltersTests
{
    [Theory]
    [InlineData("a/#", true)]
    [InlineData("a/+/c", true)]
    [InlineData("#", true)]
    [InlineData("a#", false)]
    [InlineData("a/#/c", false)]
    [InlineData("a/b+", false)]
    [InlineData("", false)]
    [InlineData("$share/group/a/+", true)]
    [InlineData("$share/group", false)]
    [InlineData("$share//a", false)]
    [InlineData("$share/gr+oup/a", false)]
    public void Invalid_filters_and_share_names_are_recognised(string filter, bool valid) =>
        Assert.Equal(valid, TopicFilters.IsValidSubscription(filter));

    [Fact]
    public void A_shared_subscription_names_its_group_and_filter()
    {
        Assert.True(TopicFilters.TryParseShared("$share/workers/jobs/#", out var group, out var inner));
        Assert.Equal(("workers", "jobs/#"), (group, inner));
        Assert.False(TopicFilters.TryParseShared("jobs/#", out _, out _));
    }

    [Fact]
    public void Permission_rules_decide_in_order_and_refuse_a_subscription_that_would_cover_a_denied_topic()
    {
        var permissions = new TopicPermissions([PermissionRule.Parse("allow subscribe secret/public"), PermissionRule.Parse("deny subscribe secret/#"),
            PermissionRule.Parse("deny publish logs/# user viewer")]);
        Assert.True(permissions.MaySubscribe(null, "secret/public"));
        Assert.False(permissions.MaySubscribe(null, "secret/plans"));
        Assert.False(permissions.MaySubscribe(null, "secret/#"));
        Assert.True(permissions.MaySubscribe(null, "#")); // allowed, but what it would get on secret/... is not delivered:
        Assert.False(permissions.MayReceive(null, "secret/plans"));
        Assert.False(permissions.MayPublish("viewer", "logs/1"));
        Assert.True(permissions.MayPublish("writer", "logs/1"));
        Assert.Throws<FormatException>(() => PermissionRule.Parse("deny read a/b"));
        Assert.Throws<FormatException>(() => PermissionRule.Parse("deny publish a/#/b"));
    }
}
