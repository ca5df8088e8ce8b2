using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Network;

namespace EdgeNode.Core.Query;

/// <summary>
/// A <c>sql</c> command sent with <c>run client</c>: its words (<c>sql dbms [options] "select ..."</c>), the destinations
/// named in the parentheses (empty for <c>()</c>: the metadata picks one operator per cluster), and the
/// <c>timeout</c>/<c>subset</c> options of the parentheses.
/// </summary>
public sealed record NetworkQuery(IReadOnlyList<Token> Command)
{
    public IReadOnlyList<IpPort> Destinations { get; init; } = [];

    public TimeSpan Timeout { get; init; } = PeerRequest.DefaultTimeout;

    /// <summary><c>subset = true</c>: operators that do not answer are left out (partial answer) instead of failing the query.</summary>
    public bool Subset { get; init; }
}
