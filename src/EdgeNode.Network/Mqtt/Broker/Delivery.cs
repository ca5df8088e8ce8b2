namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// One message on its way to one session: the QoS and retain flag it is sent with (what the subscription grants) and
/// the identifiers of the MQTT 5 subscriptions it matched [MQTT-3.3.4-3].
/// </summary>
internal readonly record struct Delivery(BrokerMessage Message, byte Qos, bool Retain, uint[]? SubscriptionIds);
