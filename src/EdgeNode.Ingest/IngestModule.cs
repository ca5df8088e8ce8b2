using EdgeNode.Core;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Blobs;
using EdgeNode.Ingest.Files;
using EdgeNode.Ingest.Operator;
using EdgeNode.Ingest.Publisher;
using EdgeNode.Ingest.Streaming;
using EdgeNode.Ingest.Topics;

namespace EdgeNode.Ingest;

/// <summary>Ingest: the streamer (buffers, journal, thresholds), message mapping for msg clients and mapping policies, and,
/// on top of storage, the operator (<c>run operator</c>) and the blobs archiver (<c>run blobs archiver</c>, <c>file store</c>,
/// <c>file retrieve</c>); and the publisher (<c>run publisher</c>), which ships data files to operators.</summary>
public sealed class IngestModule : ICommandModule
{
    public void Register(Node node)
    {
        var streamer = new Streamer(node);
        node.Services.Add(streamer);
        node.Services.Add<IDataIngest>(new StreamerIngest(streamer, new ColumnValueCheck(node)));
        var blobs = new BlobStore(node);
        var inbox = new BlobInbox(node, blobs);
        node.Services.Add<IBlobIngest>(inbox);
        node.Services.Add<ITopicIngest>(new TopicRegistry(node, streamer, inbox));
        StreamingCommands.Register(node, streamer);
        StreamCommand.Register(node);
        var statistics = new OperatorStatistics(node.Metrics);
        node.Services.Add(statistics);
        node.Services.Add<IMappingPolicyEngine>(new Mapping.PolicyMappingEngine());
        OperatorCommands.Register(node, statistics);
        PublisherCommands.Register(node, new PublisherStatistics(), new DataDistribution());
        FileCopyCommand.Register(node);
        ReprocessCommand.Register(node);
        node.Metrics.AddSource(new IngestMetricsSource(node, streamer, statistics));
        BlobsArchiverCommands.Register(node, blobs, inbox, new BlobsArchiverStatistics());
        FileStoreCommand.Register(node, blobs);
        FileRetrieveCommand.Register(node, blobs);
    }
}
