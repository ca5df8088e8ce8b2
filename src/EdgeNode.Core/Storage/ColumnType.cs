namespace EdgeNode.Core.Storage;

/// <summary>
/// Portable column types (SPEC §5 type inference and table policies). Each engine maps them to its own declared types
/// through <see cref="ISqlDialect.TypeName"/> and back through <see cref="ISqlDialect.ParseType"/>.
/// Ordered so that a wider numeric type has a larger value (<see cref="ColumnTypes.Widen"/>).
/// </summary>
public enum ColumnType : byte
{
    Unknown,
    Boolean,
    Integer,
    BigInt,
    Decimal,
    Float,
    Timestamp,
    Date,
    Time,
    Uuid,
    Cidr,
    Char,
    Varchar,
}
