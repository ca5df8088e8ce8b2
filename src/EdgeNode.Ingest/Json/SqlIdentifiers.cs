namespace EdgeNode.Ingest.Json;

/// <summary>
/// Names that PostgreSQL or SQLite reserve (an attribute called <c>user</c>, <c>group</c> or <c>order</c>): the DDL the
/// operator writes quotes them (<c>"group" int</c>), which both engines accept; every other name stays as EdgeLake writes it.
/// </summary>
internal static class SqlIdentifiers
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        // PostgreSQL reserved key words
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both", "case", "cast", "check",
        "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
        "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not",
        "notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right",
        "select", "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union",
        "unique", "user", "using", "variadic", "verbose", "when", "where", "window", "with",
        // SQLite keywords that cannot name a column unquoted
        "abort", "add", "alter", "autoincrement", "between", "commit", "conflict", "delete", "drop", "escape", "except", "exists", "glob",
        "ignore", "index", "indexed", "insert", "match", "nothing", "regexp", "replace", "rollback", "set", "transaction", "update", "values",
    };

    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>The name as DDL writes it: quoted when reserved.</summary>
    public static string Quote(string name) => IsReserved(name) ? "\"" + name + "\"" : name;
}
