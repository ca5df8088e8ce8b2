using System.Globalization;
using System.Text;

namespace EdgeNode.Core.Output;

/// <summary>
/// EdgeLake's text tables (<c>output_nested_lists</c>): a blank line, an optional title, the header padded to each
/// column's width plus one space, a dashed line with <c>|</c> after each column, then rows with <c>|</c> after each cell.
/// Numbers are right-aligned, text left-aligned; cells longer than <see cref="MaxCellWidth"/> wrap onto continuation rows.
/// Headers may hold <c>\n</c> for two-line headers. Lines end with CRLF, as EdgeLake's replies do (byte-exact output
/// lets clients keep their golden files).
/// </summary>
public static class TableFormatter
{
    public const int MaxCellWidth = 100;
    public const string NewLine = "\r\n";

    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string? title = null,
        int indent = 0)
    {
        var cells = rows.Select(row => row.Select(Cell).ToArray()).ToList();
        var columns = headers.Count;
        var headerLines = headers.Select(h => h.Split('\n')).ToArray();
        var headerHeight = headerLines.Length == 0 ? 0 : headerLines.Max(h => h.Length);
        var widths = new int[columns];
        for (var c = 0; c < columns; c++)
        {
            widths[c] = headerLines[c].Max(l => l.Length);
            foreach (var row in cells)
                if (c < row.Length) widths[c] = Math.Max(widths[c], Math.Min(row[c].Text.Length, MaxCellWidth));
        }

        var pad = new string(' ', indent);
        var builder = new StringBuilder();
        builder.Append(NewLine);
        if (title is not null) builder.Append(title).Append(NewLine);
        for (var line = 0; line < headerHeight; line++)
        {
            builder.Append(pad);
            for (var c = 0; c < columns; c++)
            {
                var lines = headerLines[c];
                var offset = headerHeight - lines.Length; // bottom-align multi-line headers
                var text = line >= offset ? lines[line - offset] : "";
                builder.Append(text.PadRight(widths[c])).Append(' ');
            }
            builder.Append(NewLine);
        }
        builder.Append(pad);
        for (var c = 0; c < columns; c++) builder.Append('-', widths[c]).Append('|');
        builder.Append(NewLine);
        foreach (var row in cells) AppendRow(builder, pad, row, widths);
        return builder.ToString();
    }

    private static void AppendRow(StringBuilder builder, string pad, CellText[] row, int[] widths)
    {
        var height = 1;
        for (var c = 0; c < widths.Length && c < row.Length; c++)
            height = Math.Max(height, (row[c].Text.Length + MaxCellWidth - 1) / MaxCellWidth);
        for (var line = 0; line < height; line++)
        {
            builder.Append(pad);
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = c < row.Length ? row[c] : default;
                var text = cell.Text ?? "";
                var start = line * MaxCellWidth;
                var part = start < text.Length ? text.Substring(start, Math.Min(MaxCellWidth, text.Length - start)) : "";
                builder.Append(cell.RightAlign ? part.PadLeft(widths[c]) : part.PadRight(widths[c])).Append('|');
            }
            builder.Append(NewLine);
        }
    }

    private readonly record struct CellText(string Text, bool RightAlign);

    private static CellText Cell(object? value) => value switch
    {
        null => new CellText("", false),
        string s => new CellText(s, LooksNumeric(s)),
        bool b => new CellText(PythonFormat.Bool(b), false),
        double d => new CellText(PythonFormat.FloatRepr(d), true),
        float f => new CellText(PythonFormat.FloatRepr(f), true),
        IFormattable f when value is int or long or short or decimal or uint or ulong => new CellText(f.ToString(null, CultureInfo.InvariantCulture), true),
        _ => new CellText(value.ToString() ?? "", false),
    };

    /// <summary>Numbers stored as text (dictionary values, counters formatted with thousands separators) align right.</summary>
    private static bool LooksNumeric(string text)
    {
        if (text.Length == 0 || text.Length > 24) return false;
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '-' && i == 0) continue;
            else if (c is not (',' or '.')) return false;
        }
        return digits > 0 && char.IsAsciiDigit(text[^1]);
    }

    /// <summary>Formats a number with thousands separators, as EdgeLake's statistics do (<c>100,000</c>).</summary>
    public static string Thousands(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
