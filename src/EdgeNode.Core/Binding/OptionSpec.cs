namespace EdgeNode.Core.Binding;

/// <summary>One keyword a command accepts in its <c>where</c> clause.</summary>
public sealed record OptionSpec(string Name, OptionType Type, string Summary = "")
{
    public bool Required { get; init; }

    /// <summary>Default value as the user would write it; bound like a user value when the key is absent.</summary>
    public string? Default { get; init; }

    /// <summary>The key may appear several times (<c>dest = file and dest = dbms</c>).</summary>
    public bool Repeatable { get; init; }

    /// <summary>Schema of the clause inside the parens when <see cref="Type"/> is <see cref="OptionType.Nested"/>.</summary>
    public OptionSchema? Nested { get; init; }
}
