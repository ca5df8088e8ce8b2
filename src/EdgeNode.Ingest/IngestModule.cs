using EdgeNode.Core;
using EdgeNode.Core.Ingest;
using EdgeNode.Ingest.Files;
using EdgeNode.Ingest.Operator;
using EdgeNode.Ingest.Streaming;

namespace EdgeNode.Ingest;

/// <summary>Ingest: the streamer (buffers, journal, thresholds) and, on top of storage, the operator (<c>run operator</c>).</summary>
public sealed class IngestModule : ICommandModule
{
    public void Register(Node node)
    {
        var streamer = new Streamer(node);
        node.Services.Add(streamer);
        node.Services.Add<IDataIngest>(new StreamerIngest(streamer));
        StreamingCommands.Register(node, streamer);
        var statistics = new OperatorStatistics();
        node.Services.Add(statistics);
        OperatorCommands.Register(node, statistics);
        FileCopyCommand.Register(node);
    }
}
