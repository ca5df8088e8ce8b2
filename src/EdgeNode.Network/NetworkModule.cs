using EdgeNode.Core;

namespace EdgeNode.Network;

/// <summary>
/// The network commands: the TCP peer protocol (Tcp/) and the REST server (Rest/), the MQTT client and broker (Mqtt/), and
/// REST users and authentication (Security/) register here.
/// </summary>
public sealed class NetworkModule : ICommandModule
{
    public void Register(Node node)
    {
        Rest.RestCommands.Register(node);
        Tcp.TcpRegistration.Register(node);
        Mqtt.MqttCommands.Register(node);
        var users = new Security.UserStore(node);
        node.Services.Add(users);
        node.Services.Add(new Security.RestAuthenticator(users, node.Time));
        Security.UserCommands.Register(node, users);
    }
}
