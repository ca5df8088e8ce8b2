using EdgeNode.Core.Output;
using EdgeNode.Query.Planning;

namespace EdgeNode.Query.Output;

/// <summary>
/// Prints the rows of a network query through the <see cref="QueryOutputWriter"/> the local <c>sql</c> command uses,
/// after <see cref="RowConverter"/>. A result whose values are converted (a timestamp column, a cast) prints JSON rows in
/// Python's spacing, as EdgeLake does (reference <c>sql_select_json_network.txt</c> against <c>sql_count_json_network.txt</c>).
/// NULL prints as <c>""</c> in JSON unless the rows pass straight through (no aggregate, no order), as EdgeLake's.
/// </summary>
internal sealed class ResultWriter
{
    private readonly QueryOutputWriter _writer;
    private readonly RowConverter _converter;

    public ResultWriter(TextWriter output, QueryRequest request, IReadOnlyList<OutputColumn> columns, RowConverter converter, bool passThrough)
    {
        _converter = converter;
        _writer = new QueryOutputWriter(output, request.Format, request.Statistics, columns.Select(c => c.Label).ToArray())
        {
            PythonSpacing = converter.Converts,
            NullAsEmptyText = !passThrough,
        };
    }

    public long Count => _writer.Count;

    public ValueTask WriteAsync(IReadOnlyList<object?> values, CancellationToken cancellation) =>
        _writer.WriteRowAsync(_converter.Convert(values), cancellation);

    public ValueTask CompleteAsync(QueryStatistics statistics, CancellationToken cancellation) => _writer.CompleteAsync(statistics, cancellation);
}
