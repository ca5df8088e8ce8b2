namespace EdgeNode.Core.Processes;

/// <summary>
/// Every background process the node knows, in the order <c>get processes</c> lists them (EdgeLake's rows and names, with
/// AnyLog's Publisher, Distributor and Consumer), and the words <c>exit &lt;name&gt;</c> accepts for each. Rows of
/// EdgeLake processes this node does not implement (MCP, Kafka, gRPC, PLC, ...) stay listed as <c>Not declared</c>, so
/// tools that read EdgeLake's table or JSON find every key they expect.
/// </summary>
public static class ProcessNames
{
    public const string Tcp = "TCP";
    public const string Rest = "REST";
    public const string Mcp = "MCP";
    public const string Operator = "Operator";
    public const string Publisher = "Publisher";
    public const string BlockchainSync = "Blockchain Sync";
    public const string Scheduler = "Scheduler";
    public const string BlobsArchiver = "Blobs Archiver";
    public const string Mqtt = "MQTT";
    public const string MsgClientPool = "MSG Client Pool";
    public const string MessageBroker = "MSG Broker";
    public const string Smtp = "SMTP";
    public const string Streamer = "Streamer";
    public const string UnsStreamer = "UNS Streamer";
    public const string QueryPool = "Query Pool";
    public const string KafkaConsumer = "Kafka Consumer";
    public const string Grpc = "gRPC";
    public const string PlcClient = "PLC Client";
    public const string PullProcesses = "Pull Processes";
    public const string VideoProcesses = "Video Processes";
    public const string Distributor = "Distributor";
    public const string Consumer = "Consumer";

    public static readonly IReadOnlyList<(string Name, string[] ExitWords)> All =
    [
        (Tcp, ["tcp"]),
        (Rest, ["rest"]),
        (Mcp, ["mcp"]),
        (Operator, ["operator"]),
        (Publisher, ["publisher"]),
        (BlockchainSync, ["synchronizer", "sync", "blockchain sync"]),
        (Scheduler, ["scheduler"]),
        (BlobsArchiver, ["archiver", "blobs archiver"]),
        (Mqtt, ["mqtt", "msg client"]),
        (MsgClientPool, ["msg client pool"]),
        (MessageBroker, ["broker", "message broker", "msg broker"]),
        (Smtp, ["smtp"]),
        (Streamer, ["streamer"]),
        (UnsStreamer, ["uns streamer"]),
        (QueryPool, ["workers", "query pool"]),
        (KafkaConsumer, ["kafka"]),
        (Grpc, ["grpc"]),
        (PlcClient, ["plc"]),
        (PullProcesses, ["pull"]),
        (VideoProcesses, ["video"]),
        (Distributor, ["distributor"]),
        (Consumer, ["consumer"]),
    ];
}
