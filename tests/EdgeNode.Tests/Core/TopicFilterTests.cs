using EdgeNode.Core.Ingest;

namespace EdgeNode.Tests.Core;

/// <summary>MQTT topic filters as the broker and the subscriptions match them (MQTT 5 §4.7).</summary>

public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/c", false)]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("a/+/c", "a/b/c", true)]
    [InlineData("+/+", "a/b", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("#", "a/b", true)]
    [InlineData("#", "$SYS/load", false)]
    [InlineData("+/load", "$SYS/load", false)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/b/#", "a/c", false)]
    [InlineData("sport/tennis/#", "sport/tennis", true)]
    [InlineData("sport/tennis/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("$SYS/#", "$SYS/uptime", true)]
    [InlineData("TopicA/C", "TopicA/CC", false)]
    [InlineData("a/b", "a", false)]
    public void Filters_match_as_mqtt_defines(string filter, string topic, bool matches) =>
        Assert.Equal(matches, TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a/b+")]
    [InlineData("")]
    public void Invalid_filters_are_explained(string filter) => Assert.NotNull(TopicFilter.Validate(filter));
}
