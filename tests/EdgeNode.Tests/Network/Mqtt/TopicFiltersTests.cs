using EdgeNode.Network.Mqtt.Broker;

namespace EdgeNode.Tests.Network.Mqtt;

/// <summary>Topic matching of the broker (MQTT 5 §4.7): wildcards, the parent level of '#', '$' topics, shared subscriptions.</summary>
public sealed class TopicFiltersTests
{
    [Theory]
    [InlineData("sport/tennis/#", "sport/tennis", true)]
    [InlineData("sport/tennis/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/uptime", false)]
    [InlineData("+/uptime", "$SYS/uptime", false)]
    [InlineData("$SYS/#", "$SYS/uptime", true)]
    [InlineData("TopicA/C", "TopicA/C", true)]
    [InlineData("TopicA/C", "TopicA/CC", false)]
    [InlineData("a/b", "a", false)]
    public void Filters_match_topics_as_the_specification_says(string filter, string topic, bool matches) =>
        Assert.Equal(matches, TopicFilters.Matches(filter, topic));

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
