namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A decoded SUBSCRIBE: its packet id and each topic filter with its options, in order.</summary>
internal sealed record SubscribePacket(ushort PacketId, IReadOnlyList<(string Filter, SubscriptionOptions Options)> Filters);
