using EdgeNode.Core.Storage;
using EdgeNode.Query.Sql;

namespace EdgeNode.Query.Planning;

/// <summary>
/// The type of an expression's values, from the table's column types: what a result column holds (timestamps are
/// converted to the query's time zone) and how the query node declares it in its consolidation table.
/// </summary>
internal static class ExpressionTypes
{
    public static ColumnType Infer(SqlExpr expression, Func<string, ColumnType?> column) => expression switch
    {
        ColumnExpr c => column(c.Name) ?? ColumnType.Unknown,
        LiteralExpr { Kind: LiteralKind.Integer } => ColumnType.BigInt,
        LiteralExpr { Kind: LiteralKind.Decimal } => ColumnType.Float,
        LiteralExpr { Kind: LiteralKind.String } => ColumnType.Varchar,
        LiteralExpr { Kind: LiteralKind.Boolean } => ColumnType.Boolean,
        LiteralExpr { Kind: LiteralKind.Timestamp } => ColumnType.Timestamp,
        FunctionExpr f => Function(f, column),
        CastExpr cast => ColumnTypes.Parse(cast.TypeName).Type,
        ExtractExpr => ColumnType.Integer,
        BinaryExpr { Operator: "||" } => ColumnType.Varchar,
        BinaryExpr { Operator: "+" or "-", Right: IntervalExpr } b => Infer(b.Left, column),
        BinaryExpr { Operator: "+" or "-" or "*" or "/" or "%" } b => Arithmetic(Infer(b.Left, column), Infer(b.Right, column)),
        BinaryExpr or InExpr or BetweenExpr or IsNullExpr or UnaryExpr { Operator: "not" } => ColumnType.Boolean,
        UnaryExpr u => Infer(u.Operand, column),
        CaseExpr c => c.Branches.Select(b => Infer(b.Then, column)).FirstOrDefault(t => t != ColumnType.Unknown),
        _ => ColumnType.Unknown,
    };

    private static ColumnType Function(FunctionExpr f, Func<string, ColumnType?> column)
    {
        var argument = f.Arguments.Count > 0 ? Infer(f.Arguments[^1], column) : ColumnType.Unknown;
        return f.Name.ToLowerInvariant() switch
        {
            "count" or "length" or "char_length" => ColumnType.BigInt,
            "avg" or "round" or "sqrt" or "power" or "exp" or "ln" or "log" => ColumnType.Float,
            "sum" => argument is ColumnType.Integer or ColumnType.BigInt ? ColumnType.BigInt : ColumnType.Float,
            "min" or "max" or "abs" or "range" => argument,
            "coalesce" or "ifnull" or "nullif" => f.Arguments.Select(a => Infer(a, column)).FirstOrDefault(t => t != ColumnType.Unknown),
            "date_trunc" => ColumnType.Timestamp,
            "lower" or "upper" or "substr" or "substring" or "trim" or "ltrim" or "rtrim" or "replace" or "concat" => ColumnType.Varchar,
            _ => ColumnType.Unknown,
        };
    }

    private static ColumnType Arithmetic(ColumnType left, ColumnType right)
    {
        if (left == ColumnType.Unknown || right == ColumnType.Unknown) return ColumnType.Unknown;
        return ColumnTypes.IsNumeric(left) && ColumnTypes.IsNumeric(right)
            ? left is ColumnType.Float or ColumnType.Decimal || right is ColumnType.Float or ColumnType.Decimal ? ColumnType.Float : ColumnType.BigInt
            : ColumnType.Unknown;
    }

    /// <summary>
    /// The declared type of a result column stored in a table: the consolidation table in SQLite (its affinity; none
    /// for an unknown type keeps values as they come), or a <c>dest = dbms</c> table on either engine.
    /// </summary>
    public static string Declaration(ColumnType type, DbmsEngine engine) => (type, engine) switch
    {
        (ColumnType.Integer or ColumnType.BigInt, DbmsEngine.Sqlite) => "INTEGER",
        (ColumnType.Integer or ColumnType.BigInt, _) => "BIGINT",
        (ColumnType.Float or ColumnType.Decimal, DbmsEngine.Sqlite) => "REAL",
        (ColumnType.Float or ColumnType.Decimal, _) => "DOUBLE PRECISION",
        (ColumnType.Boolean, _) => "BOOLEAN",
        (ColumnType.Unknown, DbmsEngine.Sqlite) => "",
        _ => "TEXT",
    };
}
