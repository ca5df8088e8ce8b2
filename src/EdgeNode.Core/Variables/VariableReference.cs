namespace EdgeNode.Core.Variables;

/// <summary>
/// The type suffix of a variable reference: <c>!x.int</c>, <c>!x.float</c>, <c>!x.bool</c>, <c>!x.str</c>; and EdgeLake's
/// two formats, <c>!x.name</c> (lower case, spaces as underscores: <c>New Company</c> -> <c>new_company</c>) and
/// <c>!x.len</c> (entries of a JSON list or object, else characters).
/// </summary>
public enum ValueType : byte { None, Int, Float, Bool, Str, Name, Len }

/// <summary>A parsed <c>!name[.type]</c> (or <c>$NAME</c>) reference found at <see cref="Start"/> with <see cref="Length"/> chars.</summary>
public readonly record struct VariableReference(string Name, ValueType Type, bool IsEnvironment, int Start, int Length)
{
    /// <summary>Parses a reference that starts at <paramref name="start"/> (on the <c>!</c> or <c>$</c>). <c>!!x</c> is not a local reference.</summary>
    public static bool TryParse(string text, int start, out VariableReference reference)
    {
        reference = default;
        if (start >= text.Length) return false;
        var sigil = text[start];
        if (sigil is not ('!' or '$')) return false;
        var i = start + 1;
        if (i >= text.Length || !(char.IsAsciiLetter(text[i]) || text[i] == '_')) return false;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        var name = text[(start + 1)..i];
        var type = ValueType.None;
        if (i < text.Length && text[i] == '.')
        {
            type = SuffixAt(text, i + 1, out var suffixLength);
            if (type != ValueType.None) i += 1 + suffixLength;
        }
        reference = new VariableReference(name, type, sigil == '$', start, i - start);
        return true;
    }

    private static ValueType SuffixAt(string text, int i, out int length)
    {
        foreach (var (suffix, type) in Suffixes)
        {
            if (string.CompareOrdinal(text, i, suffix, 0, suffix.Length) == 0
                && (i + suffix.Length == text.Length || !char.IsAsciiLetterOrDigit(text[i + suffix.Length])))
            {
                length = suffix.Length;
                return type;
            }
        }
        length = 0;
        return ValueType.None;
    }

    private static readonly (string, ValueType)[] Suffixes =
        [("int", ValueType.Int), ("float", ValueType.Float), ("bool", ValueType.Bool), ("str", ValueType.Str),
            ("name", ValueType.Name), ("len", ValueType.Len)];
}
