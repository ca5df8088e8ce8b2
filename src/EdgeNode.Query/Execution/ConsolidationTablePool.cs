using EdgeNode.Core.Storage;
using EdgeNode.Query.Planning;

namespace EdgeNode.Query.Execution;

/// <summary>
/// The consolidation tables of <c>system_query</c> kept between queries, by shape (column names and types): a query of a
/// shape seen before reuses a free table instead of creating and dropping one, so the usual small answer costs a single
/// database call. A table that held more than <see cref="KeepRows"/> rows is dropped instead of kept, so the memory
/// database does not hold old answers.
/// </summary>
internal sealed class ConsolidationTablePool
{
    public const int KeepRows = 1000;

    private readonly Dictionary<(IDbms Dbms, string Shape), Stack<string>> _free = [];
    private readonly object _gate = new();
    private long _created;

    /// <summary>A table for the rows of <paramref name="columns"/>, exclusively the caller's until disposed.</summary>
    public ConsolidationTable Rent(IDbms dbms, IReadOnlyList<RemoteColumn> columns)
    {
        var shape = ConsolidationTable.ColumnList(columns, dbms.Engine);
        string name;
        lock (_gate)
            name = _free.TryGetValue((dbms, shape), out var free) && free.Count > 0 ? free.Pop() : $"query_{++_created}";
        return new ConsolidationTable(dbms, name, columns, this);
    }

    public void Return(IDbms dbms, string shape, string name)
    {
        lock (_gate)
        {
            if (!_free.TryGetValue((dbms, shape), out var free)) _free[(dbms, shape)] = free = new Stack<string>();
            free.Push(name);
        }
    }
}
