using System.Text;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Variables;
using ValueType = EdgeNode.Core.Variables.ValueType;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// The expression of <c>python ...</c> with its <c>!var</c> references replaced as EdgeLake replaces them: a word that is
/// only a reference gives its value as written (<c>python !n * !n</c> is <c>4 * 4</c>), a reference inside a larger word
/// gives its value as a Python string (<c>python !version.split(" ")[0]</c> splits the text, spaces and all;
/// <c>int(!errin)</c> converts it). Typed references (<c>.int</c>, <c>.float</c>, <c>.bool</c>) give a Python number or
/// boolean; a reference already inside quotes (<c>'!x'.upper()</c>) gives its text escaped for those quotes.
/// </summary>
public static class PythonSource
{
    /// <summary>Rebuilds the argument text of the line with references replaced; positions of the rest are unchanged.</summary>
    public static string Build(IReadOnlyList<Token> arguments, string line, VariableResolver variables)
    {
        var builder = new StringBuilder(line.Length + 32);
        var cursor = arguments[0].Position;
        foreach (var token in arguments)
        {
            var source = token.SourceText;
            if (token.Position < cursor || token.Position + source.Length > line.Length) return Build(arguments, variables);
            builder.Append(line, cursor, token.Position - cursor);
            builder.Append(Replace(token, source, arguments.Count == 1, variables));
            cursor = token.Position + source.Length;
        }
        return builder.ToString();
    }

    /// <summary>When the tokens do not come from <paramref name="line"/> (a rebuilt command): the words joined by spaces.</summary>
    private static string Build(IReadOnlyList<Token> arguments, VariableResolver variables) =>
        string.Join(' ', arguments.Select(t => Replace(t, t.SourceText, arguments.Count == 1, variables)));

    private static string Replace(Token token, string source, bool single, VariableResolver variables)
    {
        if (!single && token.Kind == TokenKind.Word && VariableReference.TryParse(source, 0, out var whole) && whole.Length == source.Length)
        {
            var value = variables.Lookup(whole) ?? throw NotDeclared(source, token.Position);
            return whole.Type is ValueType.None or ValueType.Name ? VariableResolver.Typed(value, whole.Type) : Literal(value, whole.Type);
        }
        return QuoteReferences(source, token.Position, variables);
    }

    /// <summary>Each reference in <paramref name="text"/> becomes a Python literal (or escaped text inside quotes).</summary>
    private static string QuoteReferences(string text, int position, VariableResolver variables)
    {
        if (!VariableResolver.MayReference(text)) return text;
        var builder = new StringBuilder(text.Length + 32);
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && i + 1 < text.Length) { builder.Append(c).Append(text[++i]); continue; }
                if (c == quote) quote = '\0';
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            if (c is not ('!' or '$') || (c == '!' && i + 1 < text.Length && text[i + 1] is '=' or '!')
                || !VariableReference.TryParse(text, i, out var reference))
            {
                builder.Append(c);
                continue;
            }
            var value = variables.Lookup(reference) ?? throw NotDeclared(text.Substring(i, reference.Length), position + i);
            builder.Append(quote != '\0' ? Escaped(VariableResolver.Typed(value, reference.Type), quote) : Literal(value, reference.Type));
            i += reference.Length - 1;
        }
        return builder.ToString();
    }

    /// <summary>A value as a Python literal: numbers and booleans when typed, else a string (unless already quoted, as EdgeLake keeps it).</summary>
    private static string Literal(string value, ValueType type)
    {
        var typed = VariableResolver.Typed(value, type);
        switch (type)
        {
            case ValueType.Int or ValueType.Float or ValueType.Len:
                return typed;
            case ValueType.Bool:
                return typed == "true" ? "True" : "False";
        }
        if (typed.Length >= 2 && typed[0] is '\'' or '"' && typed[^1] == typed[0]) return typed;
        return PythonFormat.StringRepr(typed.Replace('\n', ' ').Replace('\r', ' '));
    }

    /// <summary>Text to place inside the user's own quotes: backslashes, that quote and line ends escaped.</summary>
    private static string Escaped(string value, char quote) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static CommandSyntaxException NotDeclared(string reference, int position) =>
        new($"'{reference}' is not declared at position {position}", position, ErrorCode.UndefinedVariable);
}
