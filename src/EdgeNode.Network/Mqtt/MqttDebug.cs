using System.Buffers;
using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Ingest;
using MQTTnet.Protocol;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// <c>set mqtt debug on|off</c> (SPEC §8): while on, every message that a message client or the node's broker receives is
/// printed on the node's console with what became of it (journaled, not mapped, or why it failed), to see what a broker
/// sends without touching the subscriptions. Off by default: printing costs far more than ingesting a message.
/// </summary>
internal sealed class MqttDebug(Node node)
{
    private const int PreviewBytes = 200;
    private volatile bool _on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }

    /// <summary>Prints the message once <paramref name="ingest"/> completes, with its outcome; the text is taken now (the payload is reused after the call).</summary>
    public ValueTask<IngestResult> WatchAsync(ValueTask<IngestResult> ingest, string source, string topic, MqttQualityOfServiceLevel qos,
        ReadOnlySequence<byte> payload) =>
        PrintWhenDoneAsync(ingest, Describe(source, topic, qos, payload));

    private async ValueTask<IngestResult> PrintWhenDoneAsync(ValueTask<IngestResult> ingest, string message)
    {
        var result = await ingest;
        Print(message, result.IsError ? $"error {(int)result.Code}: {result.Detail}" : "journaled");
        return result;
    }

    public void Print(string source, string topic, MqttQualityOfServiceLevel qos, ReadOnlySequence<byte> payload, string outcome) =>
        Print(Describe(source, topic, qos, payload), outcome);

    private void Print(string message, string outcome) => node.Console.WriteLine($"{message} -> {outcome}");

    private static string Describe(string source, string topic, MqttQualityOfServiceLevel qos, ReadOnlySequence<byte> payload)
    {
        var length = (int)Math.Min(payload.Length, PreviewBytes);
        var text = Encoding.UTF8.GetString(payload.Slice(0, length)).ReplaceLineEndings(" ");
        return $"MQTT {source}: topic '{topic}', QoS {(int)qos}, {payload.Length} bytes: {text}{(payload.Length > length ? "..." : "")}";
    }
}
