namespace EdgeNode.Core.Storage;

/// <summary>
/// The columns of a table read from the <c>create</c> statement of its <c>table</c> policy (SPEC §12 step 1: a query node
/// that does not hold the table knows its columns from the policy): <c>CREATE TABLE [IF NOT EXISTS] t( col type ..., ...);
/// CREATE INDEX ...</c>. Table constraints (<c>PRIMARY KEY (..)</c>, <c>UNIQUE (..)</c>, <c>CONSTRAINT ..</c>) are skipped.
/// </summary>
public static class CreateStatementSchema
{
    private static readonly HashSet<string> TableConstraints = new(StringComparer.OrdinalIgnoreCase)
    {
        "primary", "unique", "constraint", "foreign", "check", "exclude",
    };

    private static readonly HashSet<string> ColumnConstraints = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "null", "default", "primary", "unique", "references", "check", "constraint", "collate", "generated",
    };

    /// <summary>The schema, or null when the text holds no <c>CREATE TABLE ... ( ... )</c>.</summary>
    public static TableSchema? Parse(string table, string create)
    {
        var start = create.IndexOf("create table", StringComparison.OrdinalIgnoreCase);
        if (start < 0) return null;
        var open = create.IndexOf('(', start);
        if (open < 0) return null;
        var columns = new List<ColumnSchema>();
        foreach (var definition in SplitTopLevel(create, open + 1))
        {
            var words = definition.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || TableConstraints.Contains(words[0])) continue;
            var name = words[0].Trim('"', '`');
            var typeWords = words.Skip(1).TakeWhile(w => !ColumnConstraints.Contains(w)).ToArray();
            var declared = string.Join(' ', typeWords);
            var serial = declared.Equals("serial", StringComparison.OrdinalIgnoreCase) || declared.Equals("bigserial", StringComparison.OrdinalIgnoreCase);
            var (type, length) = ColumnTypes.Parse(declared);
            columns.Add(new ColumnSchema(name.ToLowerInvariant(), declared.ToLowerInvariant(), type) { Length = length, Generated = serial });
        }
        return columns.Count == 0 ? null : new TableSchema(table.ToLowerInvariant(), columns);
    }

    /// <summary>
    /// A column type as EdgeLake shows a policy's column (<c>get columns</c>, <c>generic/utils_sql.py</c>
    /// <c>create_to_column_info</c>): the declared type's first word, lower-cased, with <c>serial</c> shown as
    /// <c>integer</c>, <c>timestamp</c> as <c>timestamp without time zone</c> and <c>varchar</c> as <c>character varying</c>.
    /// </summary>
    public static string PolicyTypeName(string declared)
    {
        var first = declared.Trim().Split(' ', 2)[0].ToLowerInvariant();
        return first switch
        {
            "serial" => "integer",
            "timestamp" => "timestamp without time zone",
            "varchar" => "character varying",
            _ => first,
        };
    }

    /// <summary>The comma-separated definitions between the opening parenthesis and its match.</summary>
    private static List<string> SplitTopLevel(string text, int from)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = from;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                i = close < 0 ? text.Length : close;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && depth-- == 0)
            {
                parts.Add(text[start..i]);
                return parts;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        return parts;
    }
}
