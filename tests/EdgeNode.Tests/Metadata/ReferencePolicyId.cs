using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EdgeNode.Tests.Metadata;

/// <summary>
/// The policy id rule of SPEC §2 written once more, independently of the production code (its own JSON reading through
/// JsonDocument, its own Python repr): md5 of <c>str(json.loads(text))</c> for generic policies, the field string for
/// <c>table</c> and <c>cluster</c>. Checked against CPython outputs in <see cref="PolicyIdTests"/>.
/// </summary>
internal static class ReferencePolicyId
{
    public static string Of(string policyJson)
    {
        using var document = JsonDocument.Parse(policyJson);
        var root = document.RootElement.EnumerateObject().Single();
        var body = Deduplicate(root.Value);
        string text = root.Name switch
        {
            "table" => Fields("table", body, "company", "name", "dbms"),
            "cluster" => Fields("cluster", body, "company", "name", "parent", "table"),
            _ => "{" + Str(root.Name) + ": " + Repr(body) + "}",
        };
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary><c>str()</c> of the parsed value, as CPython prints it.</summary>
    public static string ReprOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Repr(Deduplicate(document.RootElement));
    }

    // A JSON object as Python's dict sees it: first position of a key, last value.
    private static object? Deduplicate(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new List<KeyValuePair<string, object?>>(), (list, p) =>
        {
            var at = list.FindIndex(kv => kv.Key == p.Name);
            if (at >= 0) list[at] = new(p.Name, Deduplicate(p.Value));
            else list.Add(new(p.Name, Deduplicate(p.Value)));
            return list;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(Deduplicate).ToList(),
        _ => element.Clone(),
    };

    private static string Fields(string type, object? body, params string[] names)
    {
        var items = (List<KeyValuePair<string, object?>>)body!;
        var builder = new StringBuilder(type + ":");
        foreach (var name in names)
        {
            var found = items.FindIndex(kv => kv.Key == name);
            if (found < 0) continue;
            var value = items[found].Value;
            var text = value is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString() : Repr(value);
            builder.Append(name).Append(':').Append(text).Append(':');
        }
        return builder.ToString();
    }

    private static string Repr(object? value) => value switch
    {
        List<KeyValuePair<string, object?>> dict => "{" + string.Join(", ", dict.Select(kv => Str(kv.Key) + ": " + Repr(kv.Value))) + "}",
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => Str(e.GetString()!),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Null => "None",
            JsonValueKind.Number => Number(e.GetRawText()),
            _ => throw new InvalidOperationException(),
        },
        _ => throw new InvalidOperationException(),
    };

    private static string Number(string raw)
    {
        if (!raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E'))
            return System.Numerics.BigInteger.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        var d = double.Parse(raw, CultureInfo.InvariantCulture);
        if (d == 0) return raw.TrimStart().StartsWith('-') ? "-0.0" : "0.0";
        // shortest round-trip digits ("R") and where the decimal point falls, then CPython's repr layout
        var r = d.ToString("R", CultureInfo.InvariantCulture).TrimStart('-');
        var sign = d < 0 ? "-" : "";
        var ePos = r.IndexOf('E');
        var mantissa = ePos < 0 ? r : r[..ePos];
        var shift = ePos < 0 ? 0 : int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var all = mantissa.Replace(".", "");
        var point = (dot < 0 ? mantissa.Length : dot) + shift;
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.TrimStart('0').TrimEnd('0');
        point -= leading;
        var exponent = point - 1;
        if (exponent < -4 || exponent >= 16)
            return sign + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        if (point <= 0) return sign + "0." + new string('0', -point) + digits;
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
        return sign + digits[..point] + "." + digits[point..];
    }

    /// <summary>repr(str): CPython picks ' unless the text has ' and no "; escapes \\, the quote, \t \n \r, other non-printables.</summary>
    private static string Str(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            int code = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) code = char.ConvertToUtf32(s[i], s[++i]);
            var text = char.ConvertFromUtf32(code);
            if (code == quote || code == '\\') builder.Append('\\').Append((char)code);
            else if (code == '\t') builder.Append("\\t");
            else if (code == '\n') builder.Append("\\n");
            else if (code == '\r') builder.Append("\\r");
            else if (code < 0x20 || code == 0x7f) builder.Append("\\x").Append(code.ToString("x2", CultureInfo.InvariantCulture));
            else if (code < 0x7f) builder.Append((char)code);
            else if (Printable(text)) builder.Append(text);
            else if (code <= 0xff) builder.Append("\\x").Append(code.ToString("x2", CultureInfo.InvariantCulture));
            else if (code <= 0xffff) builder.Append("\\u").Append(code.ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append("\\U").Append(code.ToString("x8", CultureInfo.InvariantCulture));
        }
        return builder.Append(quote).ToString();
    }

    private static bool Printable(string text) => CharUnicodeInfo.GetUnicodeCategory(text, 0) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
