namespace EdgeNode.IntegrationTests.Mqtt.Paho;

/// <summary>
/// The broker configuration the Paho interoperability suites run against (docs/mqtt.md): subscriptions to
/// <c>test/nosubscribe</c> refused, server keep alive 60, topic aliases toward clients on; and the suite's topics.
/// </summary>
internal static class PahoBroker
{
    public const string Configuration = " and deny_subscribe = test/nosubscribe and server_keep_alive = 60 and topic_aliases = true";

    public static readonly string[] Topics = ["TopicA", "TopicA/B", "Topic/C", "TopicA/C", "/TopicA"];
    public static readonly string[] WildTopics = ["TopicA/+", "+/C", "#", "/#", "/+", "+/+", "TopicA/#"];
    public const string NoSubscribe = "test/nosubscribe";

    public static Task<int> StartAsync(MqttTestNode node) => node.StartBrokerAsync(Configuration);
}
