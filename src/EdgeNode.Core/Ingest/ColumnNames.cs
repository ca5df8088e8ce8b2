using System.Globalization;
using System.Text;

namespace EdgeNode.Core.Ingest;

/// <summary>
/// Attribute names become column names as EdgeLake does (SPEC §5): lowercase; <c>_ space - . / \ :</c> become <c>_</c>;
/// any other character that is not a letter or digit becomes <c>0x</c> + its hex code; a name of digits only gets a
/// leading <c>_</c>.
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
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (c is '_' or ' ' or '-' or '.' or '/' or '\\' or ':') builder.Append('_');
            else builder.Append("0x").Append(((int)c).ToString("x", CultureInfo.InvariantCulture));
        }
        var result = builder.ToString();
        return result.Length == 0 || IsAllDigits(result) ? "_" + result : result;
    }

    private static bool IsAllDigits(string text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return text.Length > 0;
    }
}
