using System.Text;
using EdgeNode.Core.Storage;

namespace EdgeNode.Query.Sql;

/// <summary>
/// Writes parsed SQL back as text. Without a dialect it writes the portable form a query node sends to operators
/// (<c>date_trunc('hour', ts)</c>, <c>extract(hour from ts)</c>: PostgreSQL's spelling, lowercase names, timestamps as
/// ISO UTC <c>'2026-01-15T08:30:00Z'</c>); with a dialect it
/// writes what that engine runs (an SQLite operator gets <c>strftime(...)</c>). The portable text of an expression is
/// also its identity: two expressions are the same when <see cref="Canonical"/> gives the same text.
/// </summary>
internal sealed class SqlWriter(ISqlDialect? dialect)
{
    public static readonly SqlWriter Portable = new(null);

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "all", "and", "as", "asc", "between", "by", "case", "cast", "check", "column", "create", "default", "delete", "desc",
        "distinct", "drop", "else", "end", "except", "exists", "false", "from", "group", "having", "in", "index", "insert",
        "intersect", "into", "is", "join", "like", "limit", "not", "null", "offset", "on", "or", "order", "primary", "references",
        "select", "table", "then", "to", "true", "union", "unique", "update", "using", "values", "when", "where", "with",
    };

    public static string Canonical(SqlExpr expression) => Portable.Expression(expression);

    public string Expression(SqlExpr expression)
    {
        var builder = new StringBuilder(64);
        Write(builder, expression, 0);
        return builder.ToString();
    }

    /// <summary>The statement as text; <paramref name="from"/> replaces the table (already quoted as the caller needs).</summary>
    public string Statement(SelectStatement statement, string? from = null)
    {
        var builder = new StringBuilder(256).Append("select ");
        if (statement.Distinct) builder.Append("distinct ");
        for (var i = 0; i < statement.Items.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            var item = statement.Items[i];
            Write(builder, item.Expression, 0);
            if (item.Alias is not null) builder.Append(" as ").Append(Alias(item.Alias));
        }
        builder.Append(" from ").Append(from ?? Identifier(statement.Table, quoted: false));
        if (statement.Where is not null) Write(builder.Append(" where "), statement.Where, 0);
        if (statement.GroupBy.Count > 0)
        {
            builder.Append(" group by ");
            for (var i = 0; i < statement.GroupBy.Count; i++)
            {
                if (i > 0) builder.Append(", ");
                Write(builder, statement.GroupBy[i], 0);
            }
        }
        if (statement.Having is not null) Write(builder.Append(" having "), statement.Having, 0);
        if (statement.OrderBy.Count > 0)
        {
            builder.Append(" order by ");
            for (var i = 0; i < statement.OrderBy.Count; i++)
            {
                if (i > 0) builder.Append(", ");
                Write(builder, statement.OrderBy[i].Expression, 0);
                if (statement.OrderBy[i].Descending) builder.Append(" desc");
            }
        }
        if (statement.Limit is { } limit) builder.Append(" limit ").Append(limit);
        if (statement.Offset is { } offset) builder.Append(" offset ").Append(offset);
        return builder.ToString();
    }

    /// <summary>
    /// An alias: the names the planner makes (<c>_c0</c>) go bare, which every engine reads (EdgeLake operators too);
    /// any other is quoted, keeping its text (<c>"count(*)"</c>, <c>"Max"</c>) and never read as a keyword.
    /// </summary>
    public static string Alias(string alias) =>
        alias.StartsWith('_') && IsPlain(alias) && !alias.Any(char.IsAsciiLetterUpper) ? alias : Quote(alias);

    /// <summary>A double-quoted identifier (labels, generated column names).</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A name unquoted when it is a plain lowercase-able identifier, else quoted.</summary>
    public static string Identifier(string name, bool quoted) =>
        !quoted && IsPlain(name) ? name.ToLowerInvariant() : Quote(quoted ? name : name.ToLowerInvariant());

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || Keywords.Contains(name)) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }

    private static int Precedence(SqlExpr expression) => expression switch
    {
        BinaryExpr { Operator: "or" } => 1,
        BinaryExpr { Operator: "and" } => 2,
        UnaryExpr { Operator: "not" } => 3,
        BinaryExpr { IsComparison: true } or BinaryExpr { Operator: "like" or "ilike" } or InExpr or BetweenExpr or IsNullExpr => 4,
        BinaryExpr { Operator: "||" } => 5,
        BinaryExpr { Operator: "+" or "-" } => 6,
        BinaryExpr => 7,
        UnaryExpr => 8,
        _ => 9,
    };

    private void Write(StringBuilder builder, SqlExpr expression, int minimum)
    {
        var wrap = Precedence(expression) < minimum;
        if (wrap) builder.Append('(');
        WriteBare(builder, expression);
        if (wrap) builder.Append(')');
    }

    private void WriteBare(StringBuilder builder, SqlExpr expression)
    {
        switch (expression)
        {
            case ColumnExpr column:
                builder.Append(Identifier(column.Name, column.Quoted));
                break;
            case LiteralExpr literal:
                WriteLiteral(builder, literal);
                break;
            case StarExpr:
                builder.Append('*');
                break;
            case FunctionExpr function:
                WriteFunction(builder, function);
                break;
            case BinaryExpr { Operator: "+" or "-", Right: IntervalExpr interval } binary when dialect is not null:
                builder.Append(dialect.AddInterval(Expression(binary.Left), binary.Operator == "-" ? -interval.Amount : interval.Amount,
                    TimeUnits.Name(interval.Unit)));
                break;
            case BinaryExpr binary:
                var precedence = Precedence(binary);
                Write(builder, binary.Left, precedence);
                // '<>' as '!=': EdgeLake's operators parse the where clause into (left, operator, right) terms and know
                // only '!=' (utils_columns.comarison); both engines run either
                builder.Append(' ').Append(binary.Operator == "<>" ? "!=" : binary.Operator).Append(' ');
                Write(builder, binary.Right, precedence + 1);
                break;
            case UnaryExpr unary:
                builder.Append(unary.Operator == "not" ? "not " : unary.Operator);
                Write(builder, unary.Operand, Precedence(unary));
                break;
            case CastExpr cast when dialect?.Engine == DbmsEngine.PostgreSql && IsIntegerType(cast.TypeName) &&
                                    cast.Operand is not LiteralExpr { Kind: LiteralKind.String }:
                // PostgreSQL rounds a number cast to an integer, SQLite truncates: every operator truncates, so answers agree
                Write(builder.Append("cast(trunc("), cast.Operand, 0);
                builder.Append(") as ").Append(cast.FullType).Append(')');
                break;
            case CastExpr cast:
                Write(builder.Append("cast("), cast.Operand, 0);
                builder.Append(" as ").Append(cast.FullType).Append(')');
                break;
            case ExtractExpr extract:
                if (dialect is null)
                {
                    builder.Append("extract(").Append(extract.Field).Append(" from ");
                    Write(builder, extract.Operand, 0);
                    builder.Append(')');
                }
                else
                {
                    builder.Append(Translate(() => dialect.Extract(extract.Field, Expression(extract.Operand)), $"extract({extract.Field} from ...)"));
                }
                break;
            case IntervalExpr interval:
                builder.Append("interval '").Append(interval.Amount).Append(' ').Append(TimeUnits.Name(interval.Unit)).Append('\'');
                break;
            case InExpr @in:
                Write(builder, @in.Operand, 5);
                builder.Append(@in.Negated ? " not in (" : " in (");
                for (var i = 0; i < @in.Items.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Write(builder, @in.Items[i], 0);
                }
                builder.Append(')');
                break;
            case BetweenExpr between:
                Write(builder, between.Operand, 5);
                builder.Append(between.Negated ? " not between " : " between ");
                Write(builder, between.Low, 5);
                builder.Append(" and ");
                Write(builder, between.High, 5);
                break;
            case IsNullExpr isNull:
                Write(builder, isNull.Operand, 5);
                builder.Append(isNull.Negated ? " is not null" : " is null");
                break;
            case CaseExpr @case:
                builder.Append("case");
                if (@case.Operand is not null) Write(builder.Append(' '), @case.Operand, 0);
                foreach (var (when, then) in @case.Branches)
                {
                    Write(builder.Append(" when "), when, 0);
                    Write(builder.Append(" then "), then, 0);
                }
                if (@case.Else is not null) Write(builder.Append(" else "), @case.Else, 0);
                builder.Append(" end");
                break;
            default:
                throw new SqlSyntaxException($"cannot write {expression.GetType().Name}");
        }
    }

    private static bool IsIntegerType(string type) =>
        type.ToLowerInvariant() is "int" or "integer" or "bigint" or "smallint" or "int2" or "int4" or "int8";

    private void WriteLiteral(StringBuilder builder, LiteralExpr literal)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Timestamp when dialect is null && Wire.WireTimestamps.TryRead(literal.Text, out var utc):
                // to operators: ISO UTC, the form EdgeLake writes where-clause dates in and reads as UTC wherever it runs
                builder.Append('\'').Append(Wire.WireTimestamps.Write(utc)).Append('\'');
                break;
            case LiteralKind.String or LiteralKind.Timestamp:
                builder.Append('\'').Append(literal.Text.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                break;
            case LiteralKind.Null:
                builder.Append("null");
                break;
            default:
                builder.Append(literal.Text);
                break;
        }
    }

    private void WriteFunction(StringBuilder builder, FunctionExpr function)
    {
        var name = function.Name.ToLowerInvariant();
        if (dialect is not null)
        {
            if (name == "now" && function.Arguments.Count == 0)
            {
                builder.Append(dialect.Now);
                return;
            }
            if (name == "date_trunc" && function.Arguments is [LiteralExpr { Kind: LiteralKind.String } unit, var operand])
            {
                builder.Append(Translate(() => dialect.DateTrunc(unit.Text, Expression(operand)), $"date_trunc('{unit.Text}', ...)"));
                return;
            }
        }
        builder.Append(name).Append('(');
        if (function.Star) builder.Append('*');
        if (function.Distinct) builder.Append("distinct ");
        for (var i = 0; i < function.Arguments.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            Write(builder, function.Arguments[i], 0);
        }
        builder.Append(')');
    }

    /// <summary>Dialects reject unknown time units with <see cref="ArgumentException"/>: a user error, reported as such.</summary>
    private static string Translate(Func<string> render, string what)
    {
        try
        {
            return render();
        }
        catch (ArgumentException e)
        {
            var message = e.Message;
            var parameter = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new SqlSyntaxException($"{what}: {(parameter > 0 ? message[..parameter] : message)}");
        }
    }
}
