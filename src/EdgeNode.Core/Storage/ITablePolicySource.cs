namespace EdgeNode.Core.Storage;

/// <summary>
/// Tables declared by <c>table</c> policies on the ledger, for the "Blockchain" column of <c>get tables</c> and for
/// <c>get columns</c>. Implemented by the metadata layer; when none is registered every table shows <c>-</c>.
/// </summary>
public interface ITablePolicySource
{
    /// <summary>Table names that have a table policy for <paramref name="dbms"/>.</summary>
    IReadOnlyCollection<string> TablesWithPolicy(string dbms);

    /// <summary>The <c>create</c> statement of the table's policy, or null when there is none.</summary>
    string? CreateStatement(string dbms, string table);
}
