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
    /// The type that holds values of both (SPEC §5 conflicts), widening so no value is lost: int+decimal → decimal,
    /// float wins over decimal, bigint over int, char(n)+char(m) → char(max), char+varchar → varchar, other mixes →
    /// varchar. EdgeLake makes bigint win over decimal, which truncates fractions; here that mix is decimal.
    /// </summary>
    public ColumnType Widen(ColumnType other)
    {
        if (this == other) return this;
        if (Kind == other.Kind && Kind == ColumnKind.Char) return new ColumnType(ColumnKind.Char, Math.Max(Length, other.Length));
        if (IsNumeric && other.IsNumeric)
        {
            if (Kind == ColumnKind.Float || other.Kind == ColumnKind.Float) return new ColumnType(ColumnKind.Float);
            if (Kind == ColumnKind.Decimal || other.Kind == ColumnKind.Decimal) return new ColumnType(ColumnKind.Decimal);
            return new ColumnType(ColumnKind.BigInt);
        }
        return Varchar;
    }
}
