using EdgeNode.Core.Ingest;
using EdgeNode.Core.Binding;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Ingest.Publisher;

/// <summary>A data file whose route is fixed, waiting in its route directory until an operator of the route confirms it.</summary>
internal sealed class RoutedFile(string path, DataFileName name, PublishRoute route)
{
    public string Path { get; } = path;

    public string FileName => System.IO.Path.GetFileName(Path);

    public DataFileName Name { get; } = name;

    public PublishRoute Route { get; } = route;

    /// <summary>The operator tried last: it is tried again, with back-off, until it failed <see cref="DestinationChooser.TriesPerOperator"/> times.</summary>
    public IpPort? LastDestination { get; set; }

    /// <summary>Consecutive times an operator received the file and refused to keep it.</summary>
    public int Refusals { get; set; }

    /// <summary>When the file may be tried again (it waits for its route's operators).</summary>
    public DateTime Due { get; set; }
}
