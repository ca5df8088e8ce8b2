namespace EdgeNode.Core.Commands;

/// <summary>What a token of the command language is, as the tokenizer saw it.</summary>
public enum TokenKind : byte
{
    /// <summary>A plain word (may contain brackets or quotes inside, e.g. <c>[a][b]</c> or <c>x.sort(1,2)</c>).</summary>
    Word,
    /// <summary>A <c>"..."</c> string; the quotes are stripped and the value is always a literal.</summary>
    Quoted,
    /// <summary>A <c>'...'</c> or <c>`...`</c> string; the quotes are kept, as EdgeLake does.</summary>
    SingleQuoted,
    /// <summary>A balanced <c>( ... )</c> group, parens kept.</summary>
    Parens,
    /// <summary>A balanced <c>{ ... }</c> group (usually JSON), braces kept.</summary>
    Braces,
    /// <summary>A balanced <c>[ ... ]</c> group, brackets kept.</summary>
    Brackets,
    /// <summary>An operator: <c>= + == != &lt; &lt;= &gt; &gt;=</c>.</summary>
    Operator,
}
