using System.Buffers;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// A decoded PUBLISH from a client. The payload still lies in the connection's receive buffer: it is copied only when
/// the message goes on to subscribers or is kept (local ingest maps it in place).
/// </summary>
internal readonly record struct PublishPacket(string Topic, ushort PacketId, byte Qos, bool Retain, bool Dup,
    MqttProperties? Properties, ReadOnlySequence<byte> Payload);
