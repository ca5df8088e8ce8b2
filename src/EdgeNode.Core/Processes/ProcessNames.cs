namespace EdgeNode.Core.Processes;

/// <summary>
/// Every background process the node knows, in the order <c>get processes</c> lists them (EdgeLake's order, with
/// AnyLog's Publisher, Distributor and Consumer), and the words <c>exit &lt;name&gt;</c> accepts for each.
/// </summary>
public static class ProcessNames
{
    public const string Tcp = "TCP";
    public const string Rest = "REST";
    public const string Operator = "Operator";
    public const string Publisher = "Publisher";
    public const string BlockchainSync = "Blockchain Sync";
    public const string Scheduler = "Scheduler";
    public const string BlobsArchiver = "Blobs Archiver";
    public const string Mqtt = "MQTT";
    public const string MessageBroker = "Message Broker";
    public const string Smtp = "SMTP";
    public const string Streamer = "Streamer";
    public const string QueryPool = "Query Pool";
    public const string Distributor = "Distributor";
    public const string Consumer = "Consumer";

    public static readonly IReadOnlyList<(string Name, string[] ExitWords)> All =
    [
        (Tcp, ["tcp"]),
        (Rest, ["rest"]),
        (Operator, ["operator"]),
        (Publisher, ["publisher"]),
        (BlockchainSync, ["synchronizer", "sync", "blockchain sync"]),
        (Scheduler, ["scheduler"]),
        (BlobsArchiver, ["archiver", "blobs archiver"]),
        (Mqtt, ["mqtt", "msg client"]),
        (MessageBroker, ["broker", "message broker", "msg broker"]),
        (Smtp, ["smtp"]),
        (Streamer, ["streamer"]),
        (QueryPool, ["workers", "query pool"]),
        (Distributor, ["distributor"]),
        (Consumer, ["consumer"]),
    ];
}
