namespace EdgeNode.Ingest.Operator;

/// <summary>
/// A table the operator loads into. <see cref="Plan"/> is null until the table is ready (created, its policies
/// published); <see cref="Gate"/> makes the first file of a table, and every schema change, run alone.
/// </summary>
internal sealed class OperatorTable(string dbms, string name)
{
    private volatile ColumnPlan? _plan;

    public string Dbms { get; } = dbms;
    public string Name { get; } = name;
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ColumnPlan? Plan
    {
        get => _plan;
        set => _plan = value;
    }
}
