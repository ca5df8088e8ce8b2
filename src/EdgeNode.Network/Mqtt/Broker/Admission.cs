namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// The broker's answer to a CONNECT: a refusal reason, or the session the connection takes, whether it existed before
/// (Session Present), the keep alive in force and the CONNACK's MQTT 5 properties.
/// </summary>
internal sealed record Admission(byte Reason, MqttProperties? Properties, ConnectPacket Connect, BrokerSession? Session = null,
    bool SessionPresent = false, int KeepAlive = 0)
{
    public static Admission Refused(byte reason, ConnectPacket connect) => new(reason, null, connect);
}
