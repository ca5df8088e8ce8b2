namespace EdgeNode.Metadata.Layer;

/// <summary>company.dbms.table, compared without case (AnyLog names are case-insensitive).</summary>
internal readonly record struct TableKey(string Company, string Dbms, string Table)
{
    public bool Equals(TableKey other) =>
        string.Equals(Company, other.Company, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Dbms, other.Dbms, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Table, other.Table, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Company),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Dbms),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Table));
}
