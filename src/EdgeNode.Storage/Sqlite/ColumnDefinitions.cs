namespace EdgeNode.Storage.Sqlite;

/// <summary>Edits a column definition inside a stored <c>CREATE TABLE</c> statement (for SQLite type widening).</summary>
internal static class ColumnDefinitions
{
    private static readonly HashSet<string> ConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "not", "null", "default", "primary", "unique", "check", "references", "collate", "constraint", "generated", "as",
    };

    /// <summary>
    /// Returns <paramref name="createSql"/> with the declared type of <paramref name="column"/> replaced by
    /// <paramref name="newType"/> (constraints kept), or null when the column is not found.
    /// </summary>
    public static string? ReplaceType(string createSql, string column, string newType)
    {
        var open = createSql.IndexOf('(', StringComparison.Ordinal);
        var close = createSql.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var body = createSql[(open + 1)..close];
        var start = 0;
        var depth = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i < body.Length)
            {
                var c = body[i];
                if (c is '\'' or '"') { i = SqlText.SkipQuoted(body, i); continue; }
                if (c == '(') { depth++; continue; }
                if (c == ')') { depth--; continue; }
                if (c != ',' || depth != 0) continue;
            }
            var definition = body[start..i];
            var replaced = Replace(definition, column, newType);
            if (replaced is not null)
                return createSql[..(open + 1)] + body[..start] + replaced + body[i..] + createSql[close..];
            start = i + 1;
        }
        return null;
    }

    private static string? Replace(string definition, string column, string newType)
    {
        var i = 0;
        while (i < definition.Length && char.IsWhiteSpace(definition[i])) i++;
        var nameStart = i;
        if (i < definition.Length && definition[i] is '"' or '`' or '[')
            i = definition[i] == '[' ? definition.IndexOf(']', i) + 1 : SqlText.SkipQuoted(definition, i) + 1;
        else
            while (i < definition.Length && !char.IsWhiteSpace(definition[i])) i++;
        var name = definition[nameStart..i].Trim('"', '`', '[', ']');
        if (!name.Equals(column, StringComparison.OrdinalIgnoreCase)) return null;
        // the type runs until the first constraint word (its "(n)" included)
        var typeStart = i;
        var typeEnd = i;
        while (typeEnd < definition.Length)
        {
            while (typeEnd < definition.Length && char.IsWhiteSpace(definition[typeEnd])) typeEnd++;
            var wordStart = typeEnd;
            if (typeEnd < definition.Length && definition[typeEnd] == '(')
            {
                typeEnd = definition.IndexOf(')', typeEnd) + 1;
                continue;
            }
            while (typeEnd < definition.Length && SqlText.IsWordChar(definition[typeEnd])) typeEnd++;
            if (wordStart == typeEnd || ConstraintWords.Contains(definition[wordStart..typeEnd]))
            {
                typeEnd = wordStart;
                break;
            }
        }
        return definition[..typeStart] + " " + newType + (typeEnd < definition.Length ? " " + definition[typeEnd..].TrimStart() : "");
    }
}
