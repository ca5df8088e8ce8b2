using EdgeNode.Core.Ingest;
using MQTTnet;

namespace EdgeNode.Network.Mqtt;

/// <summary>A received message whose rows are being journaled, waiting for its acknowledgement.</summary>
internal readonly record struct PendingMessage(ValueTask<IngestResult> Ingest, MqttApplicationMessageReceivedEventArgs Message);
