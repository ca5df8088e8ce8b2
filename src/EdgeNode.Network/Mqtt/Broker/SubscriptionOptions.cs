namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// What a client asked for with one topic filter (MQTT 5 §3.8.3.1): the maximum QoS, No Local, Retain As Published,
/// Retain Handling, and the subscription identifier (0 = none). MQTT 3 subscriptions have only the QoS.
/// </summary>
internal readonly record struct SubscriptionOptions(byte MaxQos, bool NoLocal = false, bool RetainAsPublished = false,
    byte RetainHandling = 0, uint SubscriptionId = 0)
{
    /// <summary>The options byte of a SUBSCRIBE; reserved bits set or QoS 3 or retain handling 3 are malformed [MQTT-3.8.3-5].</summary>
    public static SubscriptionOptions Parse(byte options, int version, uint subscriptionId)
    {
        if (version < 5)
        {
            if ((options & 0xFC) != 0) throw MqttProtocolException.Malformed("reserved bits of a subscription's QoS byte are set");
        }
        else if ((options & 0xC0) != 0)
        {
            throw MqttProtocolException.Malformed("reserved bits of the subscription options are set");
        }
        var qos = (byte)(options & 0x03);
        var retainHandling = (byte)(options >> 4 & 0x03);
        if (qos == 3 || retainHandling == 3) throw MqttProtocolException.Malformed("QoS 3 or retain handling 3 in a subscription");
        return new SubscriptionOptions(qos, (options & 0x04) != 0, (options & 0x08) != 0, retainHandling, subscriptionId);
    }
}
