namespace EdgeNode.Benchmarks.Ingest;

/// <summary>
/// One way of loading <see cref="IngestRows"/> into a fresh table, measured by the <c>ingest</c> driver. Add a case by
/// adding a class (found by reflection); name a <see cref="Baseline"/> to have its rate printed as a percentage of it.
/// </summary>
public abstract class IngestCase
{
    public abstract string Name { get; }

    /// <summary><c>sqlite</c> or <c>psql</c>: selects the cases of <c>--engine</c>.</summary>
    public abstract string Engine { get; }

    /// <summary>The <see cref="Name"/> of the case this one is compared with, or null for a baseline.</summary>
    public virtual string? Baseline => null;

    /// <summary>Loads every row into table <paramref name="table"/> (created by the case) and returns the rows now in it.</summary>
    public abstract Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation);
}
