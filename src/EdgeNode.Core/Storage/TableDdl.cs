using System.Text;

namespace EdgeNode.Core.Storage;

/// <summary>
/// Writes the <c>create</c> text of a <c>table</c> policy from a schema, in the PostgreSQL form EdgeLake publishes
/// (reference <c>blockchain_get_table.txt</c>): <c>CREATE TABLE IF NOT EXISTS t(  row_id SERIAL PRIMARY KEY,  col type, ... );
/// CREATE INDEX ...;</c>. Every engine accepts it through <see cref="ISqlDialect.TranslateDdl"/>.
/// </summary>
public static class TableDdl
{
    public static string Create(TableSchema schema, IEnumerable<IndexSchema> indexes)
    {
        var builder = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(schema.Table).Append('(');
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            builder.Append(i == 0 ? "  " : ",  ").Append(column.Name).Append(' ');
            if (column.Generated)
            {
                builder.Append(column.Type == ColumnType.BigInt ? "BIGSERIAL" : "SERIAL").Append(" PRIMARY KEY");
                continue;
            }
            builder.Append(TypeText(column));
            if (column.PrimaryKey && schema.Columns.Count(c => c.PrimaryKey) == 1) builder.Append(" PRIMARY KEY");
            else if (column.NotNull) builder.Append(" NOT NULL");
            if (column.Default is { Length: > 0 } value) builder.Append(" DEFAULT ").Append(DefaultText(value));
        }
        var keys = schema.Columns.Where(c => c.PrimaryKey).Select(c => c.Name).ToList();
        if (keys.Count > 1) builder.Append(",  PRIMARY KEY (").Append(string.Join(", ", keys)).Append(')');
        builder.Append(" );");
        foreach (var index in indexes)
            builder.Append(" CREATE ").Append(index.Unique ? "UNIQUE INDEX " : "INDEX ").Append(index.Name).Append(" ON ")
                .Append(schema.Table).Append('(').Append(string.Join(", ", index.Columns)).Append(");");
        return builder.ToString();
    }

    private static string TypeText(ColumnSchema column) => column.Type switch
    {
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Integer => "INT",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Decimal => "DECIMAL",
        ColumnType.Float => "FLOAT",
        ColumnType.Timestamp => "TIMESTAMP",
        ColumnType.Date => "DATE",
        ColumnType.Time => "TIME",
        ColumnType.Uuid => "UUID",
        ColumnType.Cidr => "CIDR",
        ColumnType.Char => $"CHAR({column.Length ?? 1})",
        ColumnType.Varchar => column.Length is { } n ? $"VARCHAR({n})" : "VARCHAR",
        _ => column.DeclaredType.ToUpperInvariant(),
    };

    /// <summary>Defaults as PostgreSQL writes them: SQLite's <c>current_timestamp</c> and PostgreSQL's UTC form become <c>NOW()</c>.</summary>
    private static string DefaultText(string value)
    {
        var lower = value.Trim().ToLowerInvariant();
        return lower is "current_timestamp" or "now()" || lower.StartsWith("(now() at time zone", StringComparison.Ordinal) ||
               lower.StartsWith("strftime(", StringComparison.Ordinal)
            ? "NOW()"
            : value;
    }
}
