namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>A CONNECT for a protocol name or level the broker does not speak: answered with CONNACK 0x01/0x84, then closed.</summary>
internal sealed class UnsupportedProtocolException(int level) : Exception($"unsupported protocol level {level}")
{
    public int Level { get; } = level;
}
