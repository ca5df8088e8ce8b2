namespace EdgeNode.Core.Metrics;

/// <summary>Where rows enter the node, as <c>edgenode_rows_received_total{channel=...}</c> tells them apart.</summary>
public enum IngestChannel : byte
{
    /// <summary>REST PUT (file or streaming mode) and REST POST <c>command: data</c>.</summary>
    Rest,
    /// <summary>Messages of an external MQTT broker (<c>run msg client</c>).</summary>
    Mqtt,
    /// <summary>Messages published to the node's own broker (<c>run message broker</c>).</summary>
    Broker,
    /// <summary>Data files received from peers over TCP (<c>file copy</c>, a publisher, a distributor).</summary>
    Peer,
}
