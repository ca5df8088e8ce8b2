namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// A query shape: the network query, the query that answers the same on one database (the same text unless the network
/// query uses AnyLog functions such as increments or period), options only the network query takes (include, extend),
/// whether row order is part of the answer, and whether to compare it in every output format.
/// </summary>
public sealed record EquivalenceCase(string Name, string Network, string? Baseline = null)
{
    public string BaselineSql => Baseline ?? Network;

    public string NetworkOptions { get; init; } = "";

    public bool Ordered { get; init; } = true;

    public bool AllFormats { get; init; }

    public override string ToString() => Name;
}
