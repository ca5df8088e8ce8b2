namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A persistent session as saved to <c>sessions.json</c> and restored from it.</summary>
internal sealed record SessionSnapshot(string ClientId, int Version, string? UserName, uint ExpiryInterval, long DisconnectedAt,
    ushort LastPacketId, IReadOnlyList<KeyValuePair<string, SubscriptionOptions>> Subscriptions,
    IReadOnlyList<(ushort PacketId, bool Released, Delivery Delivery)> InFlight, IReadOnlyList<Delivery> Queued,
    IReadOnlyList<ushort> AwaitingRelease);
