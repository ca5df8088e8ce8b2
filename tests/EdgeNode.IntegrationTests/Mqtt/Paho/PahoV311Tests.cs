using MQTTnet.Formatter;

namespace EdgeNode.IntegrationTests.Mqtt.Paho;

/// <summary>The cases of Paho's interoperability/client_test.py (MQTT 3.1.1) against the node's broker.</summary>
public sealed class PahoV311Tests : PahoCommonCases
{
    protected override MqttProtocolVersion Version => MqttProtocolVersion.V311;
}
