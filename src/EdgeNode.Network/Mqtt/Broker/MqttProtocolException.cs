namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// A client broke the protocol: the connection is closed, with an MQTT 5 DISCONNECT carrying <see cref="ReasonCode"/>
/// first (MQTT 3 has no way to say why).
/// </summary>
internal sealed class MqttProtocolException(byte reasonCode, string message) : Exception(message)
{
    public byte ReasonCode { get; } = reasonCode;

    public static MqttProtocolException Malformed(string message) => new(ReasonCodes.MalformedPacket, message);
}
