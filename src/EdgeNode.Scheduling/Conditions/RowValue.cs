using System.Buffers.Text;
using System.Text;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// A column's value in one row, or a literal of a condition: its UTF-8 text as written in the row (a slice of the batch,
/// nothing copied), read as a number only when a comparison asks and only once (the value lives in the row's array and is
/// reached by reference). Text comparisons work on the UTF-8 bytes: no string is made for a row.
/// </summary>
internal struct RowValue
{
    private const byte Unknown = 0, IsANumber = 1, NotANumber = 2;

    private byte _numberState;
    private double _number;

    public bool Present { get; private set; }

    /// <summary>The text: a JSON string's characters, a number or boolean as written.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; private set; }

    public static RowValue FromUtf8(ReadOnlyMemory<byte> utf8) => new() { Present = true, Utf8 = utf8 };

    public static RowValue FromText(string text) => FromUtf8(Encoding.UTF8.GetBytes(text));

    /// <summary>A literal of a condition, its number (if it is one) read now so that copies of it need no reading.</summary>
    public static RowValue Literal(string text)
    {
        var value = FromText(text);
        value.TryGetNumber(out _);
        return value;
    }

    /// <summary>The value as a number, when its whole text reads as one (<c>12</c>, <c>-1.5e3</c>, <c>"12"</c>).</summary>
    public bool TryGetNumber(out double number)
    {
        if (_numberState == Unknown)
        {
            var span = Utf8.Span.Trim((byte)' ');
            _numberState = span.Length > 0 && Utf8Parser.TryParse(span, out _number, out var consumed) && consumed == span.Length ? IsANumber : NotANumber;
        }
        number = _number;
        return _numberState == IsANumber;
    }

    /// <summary>Not empty, <c>0</c> nor <c>false</c>: what a lone <c>[column]</c> condition tests.</summary>
    public bool IsTruthy()
    {
        if (!Present) return false;
        var span = Utf8.Span;
        return span.Length > 0 && !span.SequenceEqual("0"u8) && !Ascii.EqualsIgnoreCase(span, "false"u8);
    }
}
