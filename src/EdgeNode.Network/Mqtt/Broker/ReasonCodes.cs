namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>The MQTT 5 reason codes the broker sends (MQTT 5 §2.4), and the MQTT 3.1.1 CONNACK return codes.</summary>
internal static class ReasonCodes
{
    public const byte Success = 0x00;
    public const byte GrantedQos1 = 0x01;
    public const byte GrantedQos2 = 0x02;
    public const byte DisconnectWithWill = 0x04;
    public const byte NoMatchingSubscribers = 0x10;
    public const byte NoSubscriptionExisted = 0x11;
    public const byte UnspecifiedError = 0x80;
    public const byte MalformedPacket = 0x81;
    public const byte ProtocolError = 0x82;
    public const byte ImplementationSpecificError = 0x83;
    public const byte UnsupportedProtocolVersion = 0x84;
    public const byte ClientIdentifierNotValid = 0x85;
    public const byte BadUserNameOrPassword = 0x86;
    public const byte NotAuthorized = 0x87;
    public const byte ServerShuttingDown = 0x8B;
    public const byte BadAuthenticationMethod = 0x8C;
    public const byte KeepAliveTimeout = 0x8D;
    public const byte SessionTakenOver = 0x8E;
    public const byte TopicFilterInvalid = 0x8F;
    public const byte TopicNameInvalid = 0x90;
    public const byte PacketIdentifierNotFound = 0x92;
    public const byte ReceiveMaximumExceeded = 0x93;
    public const byte TopicAliasInvalid = 0x94;
    public const byte PacketTooLarge = 0x95;
    public const byte QuotaExceeded = 0x97;
    public const byte PayloadFormatInvalid = 0x99;

    // MQTT 3.1 / 3.1.1 CONNACK return codes
    public const byte V3UnacceptableProtocolVersion = 0x01;
    public const byte V3IdentifierRejected = 0x02;
    public const byte V3BadUserNameOrPassword = 0x04;
    public const byte V3NotAuthorized = 0x05;

    /// <summary>The MQTT 3.1.1 SUBACK code of a refused subscription.</summary>
    public const byte V3SubscribeFailure = 0x80;
}
