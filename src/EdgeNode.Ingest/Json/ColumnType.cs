namespace EdgeNode.Ingest.Json;

/// <summary>An inferred column type; <see cref="Length"/> is the n of <c>char(n)</c>.</summary>
public readonly record struct ColumnType(ColumnKind Kind, int Length = 0)
{
    public static readonly ColumnType Varchar = new(ColumnKind.Varchar);

    /// <summary>The type as it appears in the generated <c>CREATE TABLE</c> (lowercased, as EdgeLake writes user columns).</summary>
    public string Sql => Kind switch
    {
        ColumnKind.Boolean => "boolean",
        ColumnKind.Int => "int",
        ColumnKind.BigInt => "bigint",
        ColumnKind.Decimal => "decimal",
        ColumnKind.Float => "float",
        ColumnKind.Timestamp => "timestamp not null default now()",
        ColumnKind.Date => "date not null default now()",
        ColumnKind.Time => "time not null default now()",
        ColumnKind.Uuid => "uuid",
        ColumnKind.Cidr => "cidr",
        ColumnKind.Char => $"char({Length})",
        _ => "varchar",
    };

    public bool IsNumeric => Kind is ColumnKind.Int or ColumnKind.BigInt or ColumnKind.Decimal or ColumnKind.Float;

    /// <summary>
    /// The type of a column whose rows gave both types (SPEC §5 conflicts), as EdgeLake's
    /// <c>suggest_create_table.resolve_data_type</c> decides: int+decimal → decimal, float wins over int and decimal,
    /// bigint over int, bigint+float → varchar, char(n)+char(m) → char(max), char+varchar → varchar, char+another type →
    /// char(32), other mixes → varchar. Three mixes differ, so that no value is refused by this node's typed storage:
    /// bigint+decimal is decimal (EdgeLake's bigint refuses 2.5 or truncates it); char+timestamp, uuid or cidr is varchar
    /// (their text can pass 32 characters); float+time, timestamp, uuid or varchar is varchar (EdgeLake's float, where the
    /// text of the other rows is no number).
    /// </summary>
    public ColumnType Widen(ColumnType other)
    {
        if (this == other) return this;
        if (Kind == ColumnKind.Char && other.Kind == ColumnKind.Char) return new ColumnType(ColumnKind.Char, Math.Max(Length, other.Length));
        if (Kind == ColumnKind.Char || other.Kind == ColumnKind.Char)
        {
            var rest = Kind == ColumnKind.Char ? other.Kind : Kind;
            return rest is ColumnKind.Varchar or ColumnKind.Timestamp or ColumnKind.Uuid or ColumnKind.Cidr ? Varchar : new ColumnType(ColumnKind.Char, 32);
        }
        if (IsNumeric && other.IsNumeric)
        {
            if (Kind == ColumnKind.Float || other.Kind == ColumnKind.Float)
                return Kind == ColumnKind.BigInt || other.Kind == ColumnKind.BigInt ? Varchar : new ColumnType(ColumnKind.Float);
            if (Kind == ColumnKind.Decimal || other.Kind == ColumnKind.Decimal) return new ColumnType(ColumnKind.Decimal);
            return new ColumnType(ColumnKind.BigInt);
        }
        return Varchar;
    }
}
