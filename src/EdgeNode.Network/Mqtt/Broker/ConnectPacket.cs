namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A decoded CONNECT (MQTT 5 §3.1): protocol level 3 (MQTT 3.1), 4 (3.1.1) or 5.</summary>
internal sealed record ConnectPacket
{
    public required int Version { get; init; }
    public required bool CleanStart { get; init; }
    public required ushort KeepAlive { get; init; }
    public required string ClientId { get; init; }
    public MqttProperties? Properties { get; init; }
    public string? UserName { get; init; }
    public byte[]? Password { get; init; }

    /// <summary>The will message and its MQTT 5 Will Delay Interval (seconds), or null.</summary>
    public BrokerMessage? Will { get; init; }

    public uint WillDelay { get; init; }
}
