using EdgeNode.Core.Ingest;
using EdgeNode.Core.IO;
using EdgeNode.Ingest.Files;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// The route directories under <c>watch_dir/.publisher</c>: a file whose destination is chosen is renamed into its route's
/// directory (atomic, and durable before anything is sent), so its route survives a crash or a restart, and it stays there
/// until an operator confirmed it. Hidden from the watch dir's scans (operators and the publisher read only its top level).
/// </summary>
internal sealed class RouteDirectories(string root)
{
    public string Root { get; } = root;

    /// <summary>Moves a file of the watch dir into its route's directory.</summary>
    public RoutedFile Route(string path, DataFileName name, PublishRoute route)
    {
        var directory = Path.Combine(Root, route.DirectoryName);
        Directory.CreateDirectory(directory);
        return new RoutedFile(DurableFiles.MoveInto(path, directory), name, route);
    }

    /// <summary>
    /// The files left routed by an earlier run, oldest first. A file that is not a data file (a partial copy, a name the
    /// publisher did not write) is returned apart, to be moved aside.
    /// </summary>
    public (List<RoutedFile> Files, List<(string Path, string Reason)> Strays) Recover()
    {
        var files = new List<RoutedFile>();
        var strays = new List<(string, string)>();
        if (!Directory.Exists(Root)) return (files, strays);
        foreach (var directory in new DirectoryInfo(Root).EnumerateDirectories())
        {
            var route = PublishRoute.FromDirectoryName(directory.Name);
            foreach (var file in directory.EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                var name = DataFileName.TryParse(file.Name, out var error);
                if (route is null) strays.Add((file.FullName, $"'{directory.Name}' is not a route directory of the publisher"));
                else if (name is null) strays.Add((file.FullName, error!));
                else files.Add(new RoutedFile(file.FullName, name, route));
            }
        }
        return (files, strays);
    }
}
