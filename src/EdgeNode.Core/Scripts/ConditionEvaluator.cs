using System.Globalization;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Variables;
using ValueType = EdgeNode.Core.Variables.ValueType;

namespace EdgeNode.Core.Scripts;

/// <summary>
/// Evaluates script conditions (SPEC §1): <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>contains</c>, <c>startswith</c>, <c>endswith</c>,
/// <c>!x is [not] declared</c>, a bare <c>!x</c> (declared and not empty), <c>not ...</c>, and <c>and</c>/<c>or</c> read left to
/// right (see <see cref="Evaluate"/>) with parenthesized parts. Operands are compared as numbers when typed (<c>.int</c>/<c>.float</c>) or when both look like numbers (EdgeLake
/// compares "10" &lt; "5" as strings; nobody writing <c>!count &gt; 5</c> means that), otherwise (or when typed
/// <c>.str</c>) as strings, ignoring case as EdgeLake does (<c>$FLAG == True</c> holds for <c>true</c>). A bare operand
/// typed <c>.int</c>/<c>.float</c> holds when it is a number other than 0 (<c>if not !error_code.int</c>), typed
/// <c>.bool</c> when it is neither empty nor <c>false</c>; an undeclared one, or one that does not convert, never holds.
/// </summary>
public sealed class ConditionEvaluator(VariableResolver variables)
{
    /// <summary>
    /// Evaluates the parts left to right as EdgeLake does: a false part before <c>and</c>, or a true part before <c>or</c>,
    /// decides the whole condition and the rest is not read (<c>a and b or c</c> is false when <c>a</c> is; a malformed
    /// tail after the deciding part is no error, as the deployment scripts rely on).
    /// </summary>
    public bool Evaluate(IReadOnlyList<Token> tokens)
    {
        if (tokens.Count == 0) throw new CommandSyntaxException("empty condition", 0);
        var i = 0;
        while (true)
        {
            var value = ParseUnary(tokens, ref i);
            if (i == tokens.Count) return value;
            if (tokens[i].IsWord("and"))
            {
                if (!value) return false;
            }
            else if (tokens[i].IsWord("or"))
            {
                if (value) return true;
            }
            else
            {
                throw new CommandSyntaxException($"unexpected '{tokens[i].Text}' in condition at position {tokens[i].Position}",
                    tokens[i].Position);
            }
            i++;
        }
    }

    /// <summary>A condition after any number of <c>not</c> words, counted in a loop (a line of them cannot overflow the stack).</summary>
    private bool ParseUnary(IReadOnlyList<Token> tokens, ref int i)
    {
        var negated = false;
        while (i < tokens.Count && tokens[i].IsWord("not"))
        {
            negated = !negated;
            i++;
        }
        return ParseOperand(tokens, ref i) != negated;
    }

    private bool ParseOperand(IReadOnlyList<Token> tokens, ref int i)
    {
        if (i >= tokens.Count) throw new CommandSyntaxException("condition ends too early", tokens[^1].Position);
        if (tokens[i].Kind == TokenKind.Parens)
        {
            var inner = tokens[i];
            i++;
            var innerTokens = Tokenizer.Tokenize(inner.Text[1..^1]);
            return Evaluate(innerTokens);
        }
        return ParseComparison(tokens, ref i);
    }

    private bool ParseComparison(IReadOnlyList<Token> tokens, ref int i)
    {
        var left = tokens[i++];
        if (i < tokens.Count && tokens[i].IsWord("is"))
        {
            i++;
            var negate = i < tokens.Count && tokens[i].IsWord("not");
            if (negate) i++;
            Expect(tokens, ref i, "declared");
            return IsDeclared(left) != negate;
        }
        if (i + 1 < tokens.Count && tokens[i].IsWord("not") && tokens[i + 1].IsWord("declared"))
        {
            i += 2;
            return !IsDeclared(left);
        }
        if (i >= tokens.Count || !IsComparator(tokens[i]))
            return Truthy(left);
        var op = tokens[i++].Text.ToLowerInvariant();
        if (i >= tokens.Count) throw new CommandSyntaxException($"missing value after '{op}'", tokens[i - 1].Position);
        var right = tokens[i++];
        return Compare(Operand(left), op, Operand(right));
    }

    private static void Expect(IReadOnlyList<Token> tokens, ref int i, string word)
    {
        if (i >= tokens.Count || !tokens[i].IsWord(word))
            throw new CommandSyntaxException($"expected '{word}' in condition", i < tokens.Count ? tokens[i].Position : 0);
        i++;
    }

    private static bool IsComparator(Token token) =>
        token.Kind == TokenKind.Operator && token.Text is "==" or "!=" or "<" or "<=" or ">" or ">="
        || token.IsWord("contains") || token.IsWord("startswith") || token.IsWord("endswith");

    private bool IsDeclared(Token token) =>
        token.Kind == TokenKind.Word && VariableReference.TryParse(token.Text, 0, out var reference)
            ? variables.IsDefined(reference)
            : token.Text.Length > 0;

    private bool Truthy(Token token)
    {
        if (token.Kind == TokenKind.Word && token.Text.Length > 1 && token.Text[0] is '!' or '$'
            && VariableReference.TryParse(token.Text, 0, out var reference))
        {
            // declared and not empty: 'x = blockchain get ... bring [*][id]' that matched nothing stores "", and
            // 'if !x then ...' must then be false, as in EdgeLake
            var value = variables.Lookup(reference);
            if (string.IsNullOrEmpty(value)) return false;
            return reference.Type switch
            {
                ValueType.Int or ValueType.Float => TryNumber(value, out var number) && number != 0,
                ValueType.Bool => IsTrue(value),
                ValueType.Len => VariableResolver.Typed(value, ValueType.Len) != "0",
                _ => true,
            };
        }
        var literal = token.Text.Trim();
        return literal.Length > 0 && !literal.Equals("false", StringComparison.OrdinalIgnoreCase) && literal != "0";
    }

    /// <summary>EdgeLake's <c>.bool</c>: false only when empty or <c>false</c>.</summary>
    private static bool IsTrue(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 0 && !trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private readonly record struct OperandValue(string? Text, ValueType Type);

    private OperandValue Operand(Token token)
    {
        if (token.Kind == TokenKind.Word && token.Text.Length > 1 && token.Text[0] is '!' or '$'
            && VariableReference.TryParse(token.Text, 0, out var reference) && reference.Length == token.Text.Length)
        {
            var value = variables.Lookup(reference);
            return reference.Type switch
            {
                ValueType.Name => new OperandValue(value is null ? null : VariableResolver.Typed(value, ValueType.Name), ValueType.None),
                ValueType.Len => new OperandValue(VariableResolver.Typed(value ?? "", ValueType.Len), ValueType.Int),
                _ => new OperandValue(value, reference.Type),
            };
        }
        var text = token.Kind is TokenKind.SingleQuoted && token.Text.Length >= 2 ? token.Text[1..^1] : token.Text;
        return new OperandValue(variables.SubstituteText(text), ValueType.None);
    }

    private static bool Compare(OperandValue left, string op, OperandValue right)
    {
        // an undeclared operand compares as empty text, as EdgeLake reads it
        if (left.Text is null || right.Text is null)
            return Compare(left with { Text = left.Text ?? "" }, op, right with { Text = right.Text ?? "" });
        switch (op)
        {
            case "contains": return left.Text.Contains(right.Text, StringComparison.Ordinal);
            case "startswith": return left.Text.StartsWith(right.Text, StringComparison.Ordinal);
            case "endswith": return left.Text.EndsWith(right.Text, StringComparison.Ordinal);
        }
        int order;
        if (left.Type == ValueType.Bool || right.Type == ValueType.Bool)
            order = IsTrue(left.Text).CompareTo(IsTrue(right.Text));
        else if (left.Type != ValueType.Str && right.Type != ValueType.Str
                 && TryNumber(left.Text, out var a) && TryNumber(right.Text, out var b))
            order = a.CompareTo(b);
        else
            order = string.CompareOrdinal(left.Text.ToLowerInvariant(), right.Text.ToLowerInvariant());
        return op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
