namespace EdgeNode.Storage.Loading;

/// <summary>What a <see cref="RowBuffer"/> slot holds, already converted to its column's type.</summary>
internal enum CellKind : byte
{
    Null,
    Int64,
    Double,
    Decimal,
    Boolean,
    Text,
    Timestamp,
    Date,
    Time,
    Guid,
}
