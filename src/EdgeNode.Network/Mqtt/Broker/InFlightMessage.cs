namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// A QoS 1/2 message sent to a session and not yet acknowledged, under its packet id. <see cref="Released"/> once the
/// client's PUBREC arrived: from then on the broker owes the PUBREL, not the PUBLISH [MQTT-4.3.3-1, 4.4.0-1].
/// </summary>
internal sealed class InFlightMessage(ushort packetId, Delivery delivery, long sequence)
{
    public ushort PacketId { get; } = packetId;
    public Delivery Delivery { get; } = delivery;

    /// <summary>The order the messages were first sent in: they are sent again in it after a reconnect [MQTT-4.6.0-1].</summary>
    public long Sequence { get; } = sequence;

    public bool Released { get; set; }
}
