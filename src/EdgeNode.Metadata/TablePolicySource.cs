using EdgeNode.Core.Metadata;
using EdgeNode.Core.Storage;

namespace EdgeNode.Metadata;

/// <summary>The tables declared by <c>table</c> policies, for the "Blockchain" column of <c>get tables</c> and <c>get columns</c>.</summary>
internal sealed class TablePolicySource(IMetadata metadata) : ITablePolicySource
{
    public IReadOnlyCollection<string> TablesWithPolicy(string dbms) =>
        metadata.GetPolicies("table")
            .Where(p => string.Equals(p.Text("dbms"), dbms, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public string? CreateStatement(string dbms, string table) => metadata.GetTablePolicy(dbms, table)?.Text("create");
}
