namespace EdgeNode.Benchmarks.Ingest;

/// <summary>A case that loads through a running operator (one in-process node per case, kept across runs).</summary>
public abstract class OperatorCase : IngestCase
{
    private OperatorLoad? _operator;

    /// <summary>Rows per JSON file: each file costs a tsd_info entry, a commit and a move (fsyncs), whatever its size.</summary>
    protected virtual int RowsPerFile => OperatorLoad.RowsPerFile;

    public override async Task<long> RunAsync(IngestEnvironment environment, string table, IngestRows rows, CancellationToken cancellation)
    {
        _operator ??= environment.Own(await OperatorLoad.StartAsync(environment, Engine, RowsPerFile, cancellation));
        return await _operator.LoadAsync(table, rows, cancellation);
    }
}
