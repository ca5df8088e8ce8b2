using System.Globalization;
using System.Text;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// Attribute names become column names as EdgeLake does (SPEC §5; its <c>utils_data.reset_str_chars</c> after
/// <c>key.strip()</c> in <c>suggest_create_table.get_column_types</c>): surrounding white space goes; ASCII letters are
/// lowercased; <c>_ space - . / \ :</c> become <c>_</c>; any other character becomes <c>0x</c> + two hex digits per
/// UTF-8 byte (a tab → <c>0x09</c>, <c>é</c> → <c>0xc30xa9</c>, <c>温</c> → <c>0xe60xb80xa9</c>: a live EdgeLake operator
/// translates the bytes of the rows PUT to it, not their characters); a name of digits only gets a leading <c>_</c>.
/// </summary>
public static class ColumnNames
{
    public static string Normalize(string name)
    {
        var simple = true;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) { simple = false; break; }
        }
        if (simple && !IsAllDigits(name) && name.Length > 0) return name;
        name = name.Trim();
        var builder = new StringBuilder(name.Length + 4);
        for (var index = 0; index < name.Length; index++)
        {
            var c = name[index];
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (c is '_' or ' ' or '-' or '.' or '/' or '\\' or ':') builder.Append('_');
            else if (c < 0x80) builder.Append("0x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else if (!char.IsLowSurrogate(c)) AppendUtf8(builder, c, name, index);
        }
        var result = builder.ToString();
        return result.Length == 0 || IsAllDigits(result) ? "_" + result : result;
    }

    /// <summary>The UTF-8 bytes of the character at <paramref name="index"/> (with its low surrogate), each as 0xHH.</summary>
    private static void AppendUtf8(StringBuilder builder, char c, string name, int index)
    {
        Span<byte> bytes = stackalloc byte[4];
        var text = char.IsHighSurrogate(c) && index + 1 < name.Length ? name.AsSpan(index, 2) : name.AsSpan(index, 1);
        var count = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..count]) builder.Append("0x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
    }

    private static bool IsAllDigits(string text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return text.Length > 0;
    }
}
