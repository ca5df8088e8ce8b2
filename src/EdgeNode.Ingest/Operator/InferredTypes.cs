using EdgeNode.Ingest.Json;
using StorageType = EdgeNode.Core.Storage.ColumnType;

namespace EdgeNode.Ingest.Operator;

/// <summary>Maps the types inferred from JSON (<see cref="ColumnKind"/>) to the storage layer's portable types.</summary>
internal static class InferredTypes
{
    public static (StorageType Type, int? Length) ToStorage(ColumnType inferred) => inferred.Kind switch
    {
        ColumnKind.Boolean => (StorageType.Boolean, null),
        ColumnKind.Int => (StorageType.Integer, null),
        ColumnKind.BigInt => (StorageType.BigInt, null),
        ColumnKind.Decimal => (StorageType.Decimal, null),
        ColumnKind.Float => (StorageType.Float, null),
        ColumnKind.Timestamp => (StorageType.Timestamp, null),
        ColumnKind.Date => (StorageType.Date, null),
        ColumnKind.Time => (StorageType.Time, null),
        ColumnKind.Uuid => (StorageType.Uuid, null),
        ColumnKind.Cidr => (StorageType.Cidr, null),
        ColumnKind.Char => (StorageType.Char, inferred.Length),
        _ => (StorageType.Varchar, null),
    };

    /// <summary>A declared column (mapping policy) as the schema builder writes it.</summary>
    public static InferredColumn FromStorage(MappedColumnType column) => new(column.Name, column.Type switch
    {
        StorageType.Boolean => new ColumnType(ColumnKind.Boolean),
        StorageType.Integer => new ColumnType(ColumnKind.Int),
        StorageType.BigInt => new ColumnType(ColumnKind.BigInt),
        StorageType.Decimal => new ColumnType(ColumnKind.Decimal),
        StorageType.Float => new ColumnType(ColumnKind.Float),
        StorageType.Timestamp => new ColumnType(ColumnKind.Timestamp),
        StorageType.Date => new ColumnType(ColumnKind.Date),
        StorageType.Time => new ColumnType(ColumnKind.Time),
        StorageType.Uuid => new ColumnType(ColumnKind.Uuid),
        StorageType.Cidr => new ColumnType(ColumnKind.Cidr),
        StorageType.Char => new ColumnType(ColumnKind.Char, column.Length ?? 1),
        _ => ColumnType.Varchar,
    });
}
