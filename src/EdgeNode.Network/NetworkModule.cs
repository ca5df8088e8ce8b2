using EdgeNode.Core;

namespace EdgeNode.Network;

/// <summary>The network commands: the TCP peer protocol (Tcp/) and the REST server (Rest/), the MQTT client and broker (Mqtt/) register here.</summary>
public sealed class NetworkModule : ICommandModule
{
    public void Register(Node node)
    {
        Rest.RestCommands.Register(node);
        Tcp.TcpRegistration.Register(node);
        Mqtt.MqttCommands.Register(node);
    }
}
