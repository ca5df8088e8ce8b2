using System.Collections;
using System.Collections.Concurrent;
using EdgeNode.Core.Ingest;
using MQTTnet.Protocol;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// What the broker keeps per client session for local ingest: the PUBLISH being processed (the receive loop handles one
/// packet at a time), the journaling of QoS 1/2 messages whose PUBACK/PUBREC waits for it, and the QoS 2 packet ids
/// received but not yet released (a retransmission of one is acknowledged again but not processed twice).
/// </summary>
internal sealed class BrokerSessionState
{
    private static readonly object Key = new();

    public InboundPublish? Current { get; set; }

    /// <summary>Packet id → journaling of that message's rows, awaited before its acknowledgement goes out.</summary>
    public ConcurrentDictionary<ushort, PendingIngest> Pending { get; } = new();

    public ConcurrentDictionary<ushort, byte> AwaitingRelease { get; } = new();

    public static BrokerSessionState Of(IDictionary items)
    {
        if (items is ConcurrentDictionary<object, object> concurrent) return (BrokerSessionState)concurrent.GetOrAdd(Key, static _ => new BrokerSessionState());
        lock (items.SyncRoot)
        {
            if (items[Key] is not BrokerSessionState state) items[Key] = state = new BrokerSessionState();
            return state;
        }
    }
}

/// <summary>The id, QoS and retransmission status of the PUBLISH packet the session's receive loop is processing.</summary>
internal sealed record InboundPublish(ushort PacketId, MqttQualityOfServiceLevel Qos, bool Duplicate);

/// <summary>A message being journaled, with the counter of its topic and client.</summary>
internal sealed record PendingIngest(Task<IngestResult> Ingest, BrokerStatistics.TopicCounter Counter);
