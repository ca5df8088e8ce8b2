using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// A network query split in two (SPEC §12 step 3): <see cref="Remote"/> runs on every operator (portable SQL, each item
/// aliased by its <see cref="RemoteColumns"/> name; operators prepend the <see cref="Extend"/> columns they fill), and
/// <see cref="Local"/> consolidates the collected rows on the query node (SQLite, over a table of <see cref="RemoteColumns"/>).
/// Without a local query the rows pass straight through (<see cref="PassThrough"/>): column i of the answer is
/// <see cref="PassThroughColumns"/>[i] of the remote rows.
/// </summary>
internal sealed record QueryPlan
{
    public required SelectStatement Remote { get; init; }

    /// <summary>The remote row layout: extend columns first, then the remote items.</summary>
    public required IReadOnlyList<RemoteColumn> RemoteColumns { get; init; }

    public IReadOnlyList<ExtendColumn> Extend { get; init; } = [];

    /// <summary>The consolidation query; its FROM is replaced by the job's table. Null for pass-through.</summary>
    public SelectStatement? Local { get; init; }

    public required IReadOnlyList<OutputColumn> Output { get; init; }

    public bool PassThrough => Local is null;

    public IReadOnlyList<int> PassThroughColumns { get; init; } = [];

    /// <summary>Rows to skip and to print when passing through (<c>offset</c>, <c>limit</c>).</summary>
    public long Offset { get; init; }

    public long? Limit { get; init; }
}
