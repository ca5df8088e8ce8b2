namespace EdgeNode.Metadata.Layer;

/// <summary>dbms.table pairs compared without case.</summary>
internal sealed class DbmsTableComparer : IEqualityComparer<(string Dbms, string Table)>
{
    public static readonly DbmsTableComparer Instance = new();

    public bool Equals((string Dbms, string Table) x, (string Dbms, string Table) y) =>
        string.Equals(x.Dbms, y.Dbms, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Table, y.Table, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Dbms, string Table) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Dbms), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Table));
}
