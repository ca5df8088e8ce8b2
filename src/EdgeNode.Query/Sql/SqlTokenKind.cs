namespace EdgeNode.Query.Sql;

internal enum SqlTokenKind : byte
{
    End,
    /// <summary>An unquoted word: a keyword, a name or a function name.</summary>
    Identifier,
    /// <summary><c>"name"</c> or <c>`name`</c>; the text is the name without quotes.</summary>
    QuotedIdentifier,
    /// <summary><c>'text'</c>; the text is the value (doubled quotes undone).</summary>
    String,
    Number,
    /// <summary>Punctuation and operators: <c>( ) , . ; + - * / % || = &lt;&gt; != &lt; &lt;= &gt; &gt;= ::</c>.</summary>
    Symbol,
}
