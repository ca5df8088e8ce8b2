using System.Text;

namespace EdgeNode.Core.Output;

/// <summary>
/// A query answer in <c>format = table</c>, laid out as EdgeLake lays it (<c>generic/output_data.py</c> and
/// <c>utils_print.print_data_list</c>, checked against the peer, fixtures in <c>tests/fixtures/edgelake/client/</c>): rows
/// are collected in per-column lists and printed every 25 rows, each block as <c>"\n" + header + "\n" + dashes + ("\n" +
/// row)* + "\n"</c> (so blocks are apart by a blank line). A column is as wide as the longest text its list holds; the lists
/// are reused from block to block, not cleared, so the last, partial block is also as wide as the rows of the block before
/// it that it did not overwrite. A cell that reads as a number (<see cref="IsNumberText"/>) is right-aligned and followed
/// by a space; other cells are padded to the width plus one, except in the last column, which is not padded. The dash line
/// is <c>"-" * width + " "</c> for every column. NULL (and empty text) prints as <c>null</c>, booleans as <c>true</c> and
/// <c>false</c> (EdgeLake prints every boolean that reaches it as JSON <c>true</c>, a defect not reproduced).
/// </summary>
public sealed class TableBlocks
{
    /// <summary>Rows per block, as EdgeLake prints them.</summary>
    public const int BlockRows = 25;

    private readonly string[][] _lists;
    private int _rows;   // rows of the current block
    private int _filled; // rows any block filled: the lists' length, which sizes the columns

    public TableBlocks(IReadOnlyList<string> columns)
    {
        _lists = new string[columns.Count][];
        for (var i = 0; i < _lists.Length; i++)
        {
            _lists[i] = new string[BlockRows + 1];
            _lists[i][0] = columns[i];
        }
    }

    /// <summary>True when the current block holds rows not printed yet.</summary>
    public bool HasRows => _rows > 0;

    /// <summary>Adds a row; returns the block's text when the row completed one (25 rows), else null.</summary>
    public string? Add(IReadOnlyList<object?> values)
    {
        _rows++;
        _filled = Math.Max(_filled, _rows);
        for (var i = 0; i < _lists.Length; i++) _lists[i][_rows] = CellText(i < values.Count ? values[i] : null);
        return _rows == BlockRows ? Flush() : null;
    }

    /// <summary>The current block's text (header, dashes, its rows); the next row starts a new block.</summary>
    public string Flush()
    {
        var widths = new int[_lists.Length];
        for (var i = 0; i < _lists.Length; i++)
            for (var r = 0; r <= _filled; r++) widths[i] = Math.Max(widths[i], _lists[i][r].Length);
        var builder = new StringBuilder();
        for (var r = 0; r <= _rows; r++)
        {
            builder.Append('\n');
            AppendLine(builder, r, widths);
            if (r != 0) continue;
            builder.Append('\n');
            foreach (var width in widths) builder.Append('-', width).Append(' ');
        }
        _rows = 0;
        return builder.Append('\n').ToString();
    }

    private void AppendLine(StringBuilder builder, int row, int[] widths)
    {
        var last = _lists.Length - 1;
        for (var i = 0; i <= last; i++)
        {
            var text = _lists[i][row];
            if (IsNumberText(text)) builder.Append(text.PadLeft(widths[i])).Append(' ');
            else if (i < last) builder.Append(text.PadRight(widths[i] + 1));
            else builder.Append(text);
        }
    }

    private static string CellText(object? value) => value switch
    {
        null or DBNull => "null",
        bool flag => flag ? "true" : "false",
        _ => QueryOutputWriter.CellText(value) is { Length: > 0 } text ? text : "null",
    };

    /// <summary>
    /// EdgeLake's test for a right-aligned cell (<c>utils_print.is_right_shift</c>): text under 20 characters of digits,
    /// '.' and ',', with at most one '-' before the first digit. <c>1e-05</c> and a 20-digit number are left-aligned.
    /// </summary>
    public static bool IsNumberText(string text)
    {
        if (text.Length >= 20) return false;
        var digitOrSign = false;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9') digitOrSign = true;
            else if (c == '-')
            {
                if (digitOrSign) return false;
                digitOrSign = true;
            }
            else if (c is not ('.' or ',')) return false;
        }
        return true;
    }
}
