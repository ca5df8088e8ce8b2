using System.Collections.Concurrent;
using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;

namespace EdgeNode.Ingest.Publisher;

/// <summary>
/// Picks the operator of a file's route for each try (SPEC §6): in a cluster the active <c>main</c> operator, else the
/// active members in turn; operators that failed or are marked <c>not_responding</c> are skipped while another member
/// takes files. An operator that failed is tried again with back-off until it failed <see cref="TriesPerOperator"/>
/// times in a row, then another member of the same cluster is used; when every member fails, the one due first is
/// tried. A file never leaves its route: no operator of another cluster ever gets it.
/// </summary>
internal sealed class DestinationChooser(IMetadata metadata, DestinationHealth health)
{
    /// <summary>Tries of one operator before a file goes to another member of its cluster.</summary>
    public const int TriesPerOperator = 3;

    /// <summary>How long a file waits before looking again for a cluster without operators in the metadata.</summary>
    public static readonly TimeSpan NoMemberWait = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> _roundRobin = new(StringComparer.Ordinal);

    /// <summary>The operator to send to and when (now or later); no operator when the cluster has none in the metadata.</summary>
    public (IpPort? Destination, DateTime Due) Choose(RoutedFile file)
    {
        var now = health.Now;
        var members = Members(file.Route);
        if (members.Count == 0) return (null, now + NoMemberWait);
        if (file.LastDestination is { } last && members.Exists(m => m.Destination == last))
        {
            var failures = health.Failures(last);
            if (failures is > 0 and < TriesPerOperator) return (last, health.Due(last));
        }
        var fresh = members.FindAll(m => m.Responding && health.Failures(m.Destination) == 0);
        if (fresh.Count > 0)
        {
            if (fresh.Find(m => m.IsMain) is { } main) return (main.Destination, now);
            var next = (int)((uint)_roundRobin.AddOrUpdate(file.Route.DirectoryName, 0, (_, n) => n + 1) % (uint)fresh.Count);
            return (fresh[next].Destination, now);
        }
        // every member failed lately: the one whose back-off ends first (members only marked by others count as due now)
        var retrying = members.FindAll(m => health.Failures(m.Destination) < TriesPerOperator);
        var pool = retrying.Count > 0 ? retrying : members;
        var soonest = pool.MinBy(m => health.Due(m.Destination))!;
        return (soonest.Destination, health.Due(soonest.Destination));
    }

    private sealed record Member(IpPort Destination, bool IsMain, bool Responding);

    private List<Member> Members(PublishRoute route)
    {
        if (route.Destination is { } destination) return [new Member(destination, true, true)];
        var members = new List<Member>();
        foreach (var target in metadata.GetClusterMembers(route.ClusterId!))
            if (IpPort.TryParse(target.IpPort, out var address))
                members.Add(new Member(address, target.IsMain, target.Status == OperatorStatus.Active));
        return members;
    }
}
