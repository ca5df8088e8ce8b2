using EdgeNode.Core.Ingest;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// One packet waiting in a connection's send queue. Acknowledgements of messages that local ingest maps carry the
/// journaling of their rows (<see cref="Journal"/>): the send loop writes them once the rows are durable, in order.
/// </summary>
internal readonly record struct Outbound(MqttPacketType Type, ushort PacketId = 0, byte Reason = 0, Delivery Delivery = default,
    bool Dup = false, byte[]? Codes = null, Task<IngestResult>? Journal = null, MqttProperties? Properties = null, bool SessionPresent = false,
    string? ReasonString = null);
