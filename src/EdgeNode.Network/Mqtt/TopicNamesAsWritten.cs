using EdgeNode.Core.Binding;
using EdgeNode.Core.Commands;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The <c>name</c> of each <c>topic = ( ... )</c> block as the user typed it. The command language reads <c>+</c> as
/// concatenation, so an unquoted MQTT wildcard <c>name = factory/+/temp</c> would bind as <c>factory//temp</c>, a topic
/// that never matches; EdgeLake splits values on spaces and keeps it. A name whose pieces touch each other (no space
/// around the <c>+</c>) is therefore taken as written; <c>"a" + "b"</c> with spaces still concatenates.
/// </summary>
internal static class TopicNamesAsWritten
{
    /// <summary>Per topic block, in order: the name as written when it holds a '+' wildcard, else null (the bound value stands).</summary>
    public static IReadOnlyList<string?> From(CommandContext context)
    {
        var names = new List<string?>();
        var tokens = context.Arguments;
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].IsWord("topic") && tokens[i + 1].IsOperator("=") && tokens[i + 2].Kind == TokenKind.Parens)
                names.Add(Wildcard(WhereClause.Unwrap(tokens[i + 2].Text)));
        }
        return names;
    }

    private static string? Wildcard(string block)
    {
        var tokens = Tokenizer.Tokenize(block);
        for (var k = 0; k + 2 < tokens.Count; k++)
        {
            if (!tokens[k].IsWord("name") || !tokens[k + 1].IsOperator("=") || (k > 0 && !tokens[k - 1].IsWord("and"))) continue;
            var first = k + 2;
            var last = first;
            var wildcard = tokens[first].IsOperator("+");
            while (last + 1 < tokens.Count && Touch(tokens[last], tokens[last + 1]))
            {
                last++;
                wildcard |= tokens[last].IsOperator("+");
            }
            return wildcard ? block[tokens[first].Position..(tokens[last].Position + tokens[last].Text.Length)] : null;
        }
        return null;
    }

    /// <summary>Two unquoted pieces with nothing between them.</summary>
    private static bool Touch(Token left, Token right) =>
        left.Kind is TokenKind.Word or TokenKind.Operator && right.Kind is TokenKind.Word or TokenKind.Operator
                                                          && left.Position + left.Text.Length == right.Position;
}
