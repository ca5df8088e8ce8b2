namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A decoded UNSUBSCRIBE: its packet id and the topic filters, in order.</summary>
internal sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> Filters);
