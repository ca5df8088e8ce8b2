using System.Text;

namespace EdgeNode.Storage.Partitions;

/// <summary>
/// Makes a query read every partition of a partitioned table: a table name that follows <c>FROM</c> or <c>JOIN</c> (or a
/// comma in a FROM list) is replaced by <c>(SELECT cols FROM t UNION ALL SELECT cols FROM par_t_... ) AS t</c>. Both
/// SQLite and PostgreSQL plan this as a scan of each table, and aggregates, filters, grouping and ordering of the
/// original query apply to the union unchanged. String literals and quoted identifiers are left alone.
/// </summary>
internal static class PartitionQueryRewriter
{
    private static readonly HashSet<string> FollowKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "group", "order", "limit", "offset", "join", "inner", "left", "right", "full", "cross", "natural", "on",
        "using", "union", "intersect", "except", "having", "window", "fetch", "for", "returning", "outer",
    };

    /// <summary>
    /// Rewrites <paramref name="sql"/>; <paramref name="expansion"/> returns the union text for a table that has
    /// partitions, or null. Returns the input unchanged when no table is partitioned.
    /// </summary>
    public static string Rewrite(string sql, Func<string, string?> expansion)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var inFrom = false;
        var depth = 0;
        var fromDepth = -1;
        string? previousWord = null;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = SqlText.SkipQuoted(sql, i) + 1;
                previousWord = null;
                continue;
            }
            if (c == '(') { depth++; i++; previousWord = null; continue; }
            if (c == ')')
            {
                if (depth == fromDepth) inFrom = false;
                depth--;
                i++;
                previousWord = null;
                continue;
            }
            if (c == ',')
            {
                previousWord = inFrom && depth == fromDepth ? "," : null;
                i++;
                continue;
            }
            if (!SqlText.IsWordChar(c))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < sql.Length && (SqlText.IsWordChar(sql[i]) || sql[i] == '.')) i++;
            var word = sql[start..i];
            if (word.Equals("from", StringComparison.OrdinalIgnoreCase) || word.Equals("join", StringComparison.OrdinalIgnoreCase))
            {
                inFrom = true;
                fromDepth = depth;
                previousWord = "from";
                continue;
            }
            if (inFrom && depth == fromDepth && IsClauseEnd(word)) inFrom = false;
            if (previousWord is "from" or "," && inFrom && expansion(word) is { } union)
            {
                builder ??= new StringBuilder(sql.Length + union.Length + 32);
                builder.Append(sql, copied, start - copied).Append('(').Append(union).Append(')');
                if (!HasAlias(sql, i)) builder.Append(" AS ").Append(word);
                copied = i;
            }
            previousWord = word;
        }
        if (builder is null) return sql;
        return builder.Append(sql, copied, sql.Length - copied).ToString();
    }

    private static bool IsClauseEnd(string word) =>
        word.ToLowerInvariant() is "where" or "group" or "order" or "limit" or "offset" or "having" or "union" or "intersect"
            or "except" or "window" or "fetch" or "for" or "returning";

    /// <summary>True when the table name is followed by an alias (<c>AS x</c> or a bare identifier).</summary>
    private static bool HasAlias(string sql, int position)
    {
        var i = position;
        while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
        if (i >= sql.Length || !SqlText.IsWordChar(sql[i])) return i < sql.Length && sql[i] == '"';
        var start = i;
        while (i < sql.Length && SqlText.IsWordChar(sql[i])) i++;
        var next = sql[start..i];
        return next.Equals("as", StringComparison.OrdinalIgnoreCase) || !FollowKeywords.Contains(next);
    }
}
