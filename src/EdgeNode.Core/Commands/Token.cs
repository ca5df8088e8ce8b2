namespace EdgeNode.Core.Commands;

/// <summary>One word of a command line. <see cref="Position"/> is the 0-based offset in the source line (for errors).</summary>
public readonly record struct Token(string Text, TokenKind Kind, int Position)
{
    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    /// <summary>True for an unquoted word equal to <paramref name="word"/>, ignoring case.</summary>
    public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the text was written in quotes: the user meant a literal value.</summary>
    public bool IsQuoted => Kind is TokenKind.Quoted or TokenKind.SingleQuoted;

    /// <summary>The text as the user wrote it (double quotes restored), used to rebuild a command to forward it.</summary>
    public string SourceText => Kind == TokenKind.Quoted ? "\"" + Text + "\"" : Text;

    public override string ToString() => Text;
}
