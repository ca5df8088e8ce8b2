using System.Globalization;

namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// A column's value in one row, read once for all the table's conditions: a JSON number is kept as a double (no text made
/// unless a text comparison asks for it), a string as its text and, when it reads as a number, that number too.
/// </summary>
internal struct RowValue
{
    private string? _text;

    public bool Present { get; private set; }
    public bool IsNumber { get; private set; }
    public double Number { get; private set; }

    public static RowValue FromNumber(double number) => new() { Present = true, IsNumber = true, Number = number };

    public static RowValue FromText(string text) => new()
    {
        Present = true,
        _text = text,
        IsNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number),
        Number = number,
    };

    /// <summary>The value as text (a number as the shortest text that reads back the same).</summary>
    public string? Text => Present ? _text ??= Number.ToString("R", CultureInfo.InvariantCulture) : null;
}
