using System.Text.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>Where a column (or the dbms/table name) takes its value: a literal, <c>now</c>, or a <c>bring</c> expression.</summary>
public sealed class MappedValue
{
    private MappedValue(string text, BringExpression? bring, bool now)
    {
        Text = text;
        Bring = bring;
        IsNow = now;
    }

    public string Text { get; }
    public BringExpression? Bring { get; }
    public bool IsNow { get; }
    public bool IsLiteral => Bring is null && !IsNow;

    /// <summary>The row index decides the value (a path with <c>[]</c>).</summary>
    public bool Iterates => Bring?.IteratedPath is not null;

    /// <summary><c>"bring [a]"</c> → bring; <c>now</c> or <c>now()</c> → the time of ingest; anything else is a literal.</summary>
    public static MappedValue Parse(string text)
    {
        var trimmed = text.Trim();
        if (BringExpression.IsBring(trimmed)) return new MappedValue(trimmed, BringExpression.Parse(trimmed), false);
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("now()", StringComparison.OrdinalIgnoreCase))
            return new MappedValue(trimmed, null, true);
        return Literal(trimmed);
    }

    public static MappedValue Literal(string text) => new(text, null, false);

    public static MappedValue FromBring(BringExpression bring) => new(bring.Text, bring, false);

    public static readonly MappedValue Now = new("now", null, true);

    /// <summary>The value for the row of list element <paramref name="item"/>, or null when the message lacks it.</summary>
    public BroughtValue? Evaluate(JsonElement root, JsonElement? item, DateTime now)
    {
        if (Bring is not null) return Bring.Evaluate(root, item);
        return new BroughtValue(IsNow ? Json.TimestampParser.Format(now) : Text);
    }

    /// <summary>EdgeLake's "Mapping Function" column: the bring pieces as a Python list, or the literal/now text.</summary>
    public string Describe() => Bring?.Describe() ?? Text;
}
