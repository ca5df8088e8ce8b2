using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeNode.Benchmarks.Mqtt;

/// <summary>
/// The benchmark's publisher: an MQTTnet 3.1.1 client sending 100-byte JSON readings with many messages in flight
/// (QoS 1: <see cref="InFlight"/> concurrent PUBLISH/PUBACK exchanges; QoS 0: written as fast as the socket takes them).
/// The same publisher feeds every target so the rates compare brokers and ingest, not clients.
/// </summary>
internal static class MqttPublisher
{
    public const int InFlight = 1000;

    /// <summary>A reading of exactly 100 bytes: <c>{"timestamp": ..., "value": ..., "device": ..., "seq": n}</c> padded with spaces.</summary>
    public static byte[] Payload(int seq)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $$"""{"timestamp":"2026-11-28T02:05:40.123456Z","value":{{seq % 1000}}.25,"device":"dev-{{seq % 100:D4}}","seq":{{seq}}}""");
        return Encoding.UTF8.GetBytes(text.PadRight(100));
    }

    /// <summary>Publishes <paramref name="count"/> readings over <paramref name="connections"/> connections (their messages interleave).</summary>
    public static async Task PublishAsync(int port, string topic, int count, MqttQualityOfServiceLevel qos, int connections)
    {
        var messages = Enumerable.Range(0, count)
            .Select(i => new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payload(i)).WithQualityOfServiceLevel(qos).Build())
            .ToArray();
        var clients = new List<IMqttClient>();
        try
        {
            for (var c = 0; c < connections; c++)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                clients.Add(client);
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V311)
                    .WithClientId($"bench-publisher-{Guid.NewGuid():N}").WithTimeout(TimeSpan.FromSeconds(60)).Build());
            }
            var workers = qos == MqttQualityOfServiceLevel.AtMostOnce ? 1 : InFlight / connections;
            var next = -1;
            await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, workers).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var result = await client.PublishAsync(messages[i]);
                    if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers)
                        throw new InvalidOperationException($"publish {i} failed: {result.ReasonCode} {result.ReasonString}");
                }
            })));
            foreach (var client in clients) await client.DisconnectAsync();
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
