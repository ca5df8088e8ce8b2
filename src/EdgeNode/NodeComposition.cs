using EdgeNode.Core;
using EdgeNode.Core.Modules;

namespace EdgeNode;

/// <summary>The composition root: every feature module the executable ships, registered in dependency order.</summary>
public static class NodeComposition
{
    public static Node Create(NodeOptions options)
    {
        var node = new Node(options);
        foreach (var module in Modules()) node.AddModule(module);
        return node;
    }

    public static IEnumerable<ICommandModule> Modules()
    {
        yield return new CoreModule();
        yield return new Metadata.MetadataModule();
        yield return new Storage.StorageModule();
        yield return new Ingest.IngestModule();
        yield return new Network.NetworkModule();
        yield return new Query.QueryModule();
        yield return new Scheduling.SchedulingModule();
    }
}
