using System.Globalization;
using System.Text.Json;
using EdgeNode.Ingest.Json;

namespace EdgeNode.Ingest.Mapping;

/// <summary>
/// Converts a brought value to its column type and writes it into the row, as Python's casts do: int truncates a number
/// and parses integer text; float parses numbers and numeric text; bool takes true/false (any case) and 0/1; timestamp
/// takes date-time text (offsets converted to UTC, none = local time) or epoch seconds and writes
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>; str takes text as is and other JSON values as written. Anything else is a
/// <see cref="MappingException"/> naming the column and the value.
/// </summary>
public static class ValueConverter
{
    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, MappedType type, BroughtValue value, string column)
    {
        switch (type)
        {
            case MappedType.Int:
                writer.WriteNumber(name, ToInt(value, column));
                break;
            case MappedType.Float:
                writer.WriteNumber(name, ToFloat(value, column));
                break;
            case MappedType.Bool:
                writer.WriteBoolean(name, ToBool(value, column));
                break;
            case MappedType.Timestamp:
                writer.WriteString(name, TimestampParser.Format(ToTimestamp(value, column)));
                break;
            default:
                if (!value.IsText && value.Element.ValueKind == JsonValueKind.String) writer.WriteString(name, value.Element.GetString());
                else writer.WriteString(name, value.AsText());
                break;
        }
    }

    public static long ToInt(BroughtValue value, string column)
    {
        if (!value.IsText && value.Element.ValueKind == JsonValueKind.Number)
        {
            if (value.Element.TryGetInt64(out var integer)) return integer;
            var number = value.Element.GetDouble();
            if (double.IsFinite(number) && Math.Abs(number) < 9.2e18) return (long)Math.Truncate(number);
        }
        else if (!value.IsText && value.Element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.Element.ValueKind == JsonValueKind.True ? 1 : 0;
        }
        else if (long.TryParse(value.AsText().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw Invalid(value, column, "an integer");
    }

    public static double ToFloat(BroughtValue value, string column)
    {
        double number;
        if (!value.IsText && value.Element.ValueKind == JsonValueKind.Number) number = value.Element.GetDouble();
        else if (!double.TryParse(value.AsText().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)) throw Invalid(value, column, "a number");
        return double.IsFinite(number) ? number : throw Invalid(value, column, "a finite number");
    }

    public static bool ToBool(BroughtValue value, string column)
    {
        if (!value.IsText && value.Element.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Element.GetBoolean();
        var text = value.AsText().Trim();
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1") return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0") return false;
        throw Invalid(value, column, "true or false");
    }

    public static DateTime ToTimestamp(BroughtValue value, string column)
    {
        if (!value.IsText && value.Element.ValueKind == JsonValueKind.Number)
        {
            var seconds = value.Element.GetDouble();
            if (seconds is >= 0 and < 253_402_300_800) return DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }
        else if (TimestampParser.TryParse(value.AsText().Trim(), out var utc))
        {
            return utc;
        }
        throw Invalid(value, column, "a timestamp");
    }

    private static MappingException Invalid(BroughtValue value, string column, string expected)
    {
        var text = value.AsText();
        if (text.Length > 60) text = text[..60] + "...";
        return new MappingException($"column '{column}': '{text}' is not {expected}");
    }
}
