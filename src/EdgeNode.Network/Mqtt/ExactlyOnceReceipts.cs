using MQTTnet;
using MQTTnet.Diagnostics.PacketInspection;
using MQTTnet.Protocol;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// Makes QoS 2 from an external broker exactly-once while the node runs. MQTTnet's client maps every PUBLISH it receives,
/// so a broker that did not get our PUBREC before the connection dropped sends the message again (DUP set, same packet id)
/// after the reconnect, and its rows would be journaled twice. The ids of QoS 2 messages whose rows are journaled and
/// whose PUBREC went out are kept until the broker's PUBREL releases them (MQTT 3.1.1 §4.3.3 method B); a DUP
/// retransmission of a kept id is acknowledged without being mapped again. A broker that lost the session (CONNACK
/// without session present) releases them all. After a crash of the node the ids are gone: such a retransmission is
/// mapped again (at-least-once).
/// </summary>
internal sealed class ExactlyOnceReceipts
{
    private const byte PubRel = 0x62; // PUBREL with its required flags 0010

    private readonly object _gate = new();
    private readonly HashSet<ushort> _awaitingRelease = [];

    /// <summary>True for a retransmission of a QoS 2 message whose rows are already journaled.</summary>
    public bool IsRetransmission(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.ExactlyOnce || !e.ApplicationMessage.Dup) return false;
        lock (_gate) return _awaitingRelease.Contains(e.PacketIdentifier);
    }

    /// <summary>The rows of QoS 2 message <paramref name="packetId"/> are journaled; its PUBREC goes out next.</summary>
    public void Received(ushort packetId)
    {
        lock (_gate) _awaitingRelease.Add(packetId);
    }

    /// <summary>The broker reconnected without our session: its packet ids start over.</summary>
    public void Clear()
    {
        lock (_gate) _awaitingRelease.Clear();
    }

    /// <summary>Watches the packets the client receives for PUBREL, which frees the packet id for a new message.</summary>
    public Task InspectAsync(InspectMqttPacketEventArgs e)
    {
        var packet = e.Buffer;
        // fixed header (type, remaining length < 128 for a PUBREL), then the packet id
        if (e.Direction == MqttPacketFlowDirection.Inbound && packet.Length >= 4 && packet[0] == PubRel)
        {
            lock (_gate) _awaitingRelease.Remove((ushort)(packet[2] << 8 | packet[3]));
        }
        return Task.CompletedTask;
    }
}
