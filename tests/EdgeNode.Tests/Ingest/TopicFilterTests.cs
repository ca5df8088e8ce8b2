using EdgeNode.Ingest.Topics;

namespace EdgeNode.Tests.Ingest;

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
    public void Filters_match_as_mqtt_defines(string filter, string topic, bool matches) =>
        Assert.Equal(matches, TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a/b+")]
    [InlineData("")]
    public void Invalid_filters_are_explained(string filter) => Assert.NotNull(TopicFilter.Validate(filter));
}
