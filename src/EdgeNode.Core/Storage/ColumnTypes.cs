namespace EdgeNode.Core.Storage;

/// <summary>Rules over <see cref="ColumnType"/> shared by the engines and the operator's schema drift handling.</summary>
public static class ColumnTypes
{
    /// <summary>
    /// The type that holds values of both (SPEC §5 conflicts): INT+DECIMAL → DECIMAL, FLOAT wins over DECIMAL, BIGINT over
    /// INT, CHAR(n) → max n, CHAR+VARCHAR → VARCHAR, any other mix → VARCHAR.
    /// </summary>
    public static (ColumnType Type, int? Length) Widen(ColumnType a, int? lengthA, ColumnType b, int? lengthB)
    {
        if (a == b) return (a, a == ColumnType.Char ? Math.Max(lengthA ?? 1, lengthB ?? 1) : lengthA ?? lengthB);
        if (a == ColumnType.Unknown) return (b, lengthB);
        if (b == ColumnType.Unknown) return (a, lengthA);
        if (IsNumeric(a) && IsNumeric(b))
        {
            var (low, high) = a < b ? (a, b) : (b, a);
            // BIGINT over INT; DECIMAL over INT; FLOAT over everything; DECIMAL + BIGINT → DECIMAL keeps fractions
            return (low, high) switch
            {
                (ColumnType.BigInt, ColumnType.Decimal) => (ColumnType.Decimal, null),
                _ => (high, null),
            };
        }
        return (ColumnType.Varchar, null);
    }

    /// <summary>True when a column of type <paramref name="current"/> must change to hold <paramref name="incoming"/> values.</summary>
    public static bool NeedsWidening(ColumnType current, ColumnType incoming) =>
        current != ColumnType.Varchar && incoming != ColumnType.Unknown && Widen(current, null, incoming, null).Type != current;

    public static bool IsNumeric(ColumnType type) =>
        type is ColumnType.Integer or ColumnType.BigInt or ColumnType.Decimal or ColumnType.Float;

    public static bool IsText(ColumnType type) => type is ColumnType.Char or ColumnType.Varchar;

    /// <summary>Reads a declared SQL type (either engine's spelling: <c>int</c>, <c>character varying</c>, <c>timestamp without time zone</c>...).</summary>
    public static (ColumnType Type, int? Length) Parse(string declared)
    {
        var text = declared.Trim().ToLowerInvariant();
        int? length = null;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf(')', open);
            if (close > open && int.TryParse(text.AsSpan(open + 1, close - open - 1).Trim(), out var n)) length = n;
            text = text[..open].Trim();
        }
        var type = text switch
        {
            "bool" or "boolean" => ColumnType.Boolean,
            "int" or "integer" or "int4" or "smallint" or "int2" or "serial" or "tinyint" or "mediumint" => ColumnType.Integer,
            "bigint" or "int8" or "bigserial" => ColumnType.BigInt,
            "decimal" or "numeric" => ColumnType.Decimal,
            "float" or "double" or "double precision" or "real" or "float8" or "float4" => ColumnType.Float,
            "timestamp" or "timestamp without time zone" or "timestamp with time zone" or "timestamptz" or "datetime" => ColumnType.Timestamp,
            "date" => ColumnType.Date,
            "time" or "time without time zone" or "time with time zone" => ColumnType.Time,
            "uuid" => ColumnType.Uuid,
            "cidr" or "inet" => ColumnType.Cidr,
            "char" or "character" or "bpchar" => ColumnType.Char,
            "varchar" or "character varying" or "text" or "string" or "clob" => ColumnType.Varchar,
            _ => ColumnType.Unknown,
        };
        return (type, type == ColumnType.Char ? length ?? 1 : length);
    }
}
