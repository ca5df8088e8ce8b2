namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// An application message as the broker keeps and forwards it: shared by every subscriber it goes to, never changed.
/// The MQTT 5 properties that travel with it are forwarded as received [MQTT-3.3.2-4, 3.3.2-15, 3.3.2-16, 3.3.2-17];
/// the message expiry is kept as an absolute time so that each copy sent carries what is left of it [MQTT-3.3.2-6].
/// </summary>
internal sealed record BrokerMessage
{
    public required string Topic { get; init; }
    public required ReadOnlyMemory<byte> Payload { get; init; }
    public required byte Qos { get; init; }
    public bool Retain { get; init; }

    /// <summary>The client that published it (MQTT 5 No Local leaves it out of that client's own subscriptions).</summary>
    public string? Publisher { get; init; }

    public byte? PayloadFormat { get; init; }
    public string? ContentType { get; init; }
    public string? ResponseTopic { get; init; }
    public byte[]? CorrelationData { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>>? UserProperties { get; init; }

    /// <summary>When the message expires (unix milliseconds), or null for never.</summary>
    public long? ExpiresAt { get; init; }

    public bool IsExpired(long nowMs) => ExpiresAt is { } at && nowMs >= at;

    /// <summary>The whole seconds left before it expires, at least 1 while it has not (what a copy sent now carries).</summary>
    public uint? RemainingExpiry(long nowMs) =>
        ExpiresAt is { } at ? (uint)Math.Max(1, (at - nowMs + 999) / 1000) : null;

    /// <summary>The same message with another QoS and retain flag (a retained copy keeps its own).</summary>
    public BrokerMessage With(byte qos, bool retain) => qos == Qos && retain == Retain ? this : this with { Qos = qos, Retain = retain };
}
