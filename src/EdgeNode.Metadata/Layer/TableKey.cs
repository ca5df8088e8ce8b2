namespace EdgeNode.Metadata.Layer;

/// <summary>company.dbms.table, compared without case (AnyLog names are case-insensitive).</summary>
internal readonly record struct TableKey(string Company, string Dbms, string Table)
{
    /// <summary>The company of a cluster policy that names none, as EdgeLake's metadata layer calls it.</summary>
    public const string NoCompany = "none";

    /// <summary>The company as the layer keys it: <see cref="NoCompany"/> when absent or empty.</summary>
    public static string CompanyOf(string? company) => string.IsNullOrEmpty(company) ? NoCompany : company;

    public string Company { get; init; } = CompanyOf(Company);

    public bool Equals(TableKey other) =>
        string.Equals(Company, other.Company, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Dbms, other.Dbms, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Table, other.Table, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Company),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Dbms),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Table));
}
