namespace EdgeNode.Query.Sql;

/// <summary>A token of a SQL statement; <see cref="Position"/> and <see cref="End"/> are offsets in the statement text.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position, int End)
{
    public bool IsKeyword(string word) => Kind == SqlTokenKind.Identifier && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public override string ToString() => Kind == SqlTokenKind.End ? "the end of the statement" : $"'{Text}'";
}
