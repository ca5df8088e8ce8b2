using System.Runtime.CompilerServices;
using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Execution;

/// <summary>The rows of a <see cref="IQueryReader"/> as an async sequence (one buffer, refilled for each row).</summary>
internal static class QueryReaderRows
{
    public static async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(this IQueryReader reader, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var values = new object?[reader.Columns.Count];
        while (await reader.ReadAsync(cancellation))
        {
            for (var i = 0; i < values.Length; i++) values[i] = reader.GetValue(i);
            yield return values;
        }
    }
}
