namespace EdgeNode.Scheduling.Conditions;

/// <summary>
/// The fast path of <see cref="RowValues"/>: a flat JSON object of strings without escapes, numbers, booleans and nulls,
/// scanned byte by byte without validation beyond what it reads. It gives up (returns false) on anything else, and
/// <see cref="RowValues"/> then reads the row with the full JSON reader, which also rejects what is not JSON.
/// </summary>
internal static class FlatRow
{
    public static bool TryRead(ReadOnlyMemory<byte> line, byte[][] columns, RowValue[] values)
    {
        var row = line.Span;
        var i = Skip(row, 0);
        if (i >= row.Length || row[i] != (byte)'{') return false;
        i = Skip(row, i + 1);
        if (i < row.Length && row[i] == (byte)'}') return Skip(row, i + 1) == row.Length;
        while (true)
        {
            if (i >= row.Length || row[i] != (byte)'"') return false;
            var keyLength = row[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
            if (keyLength < 0 || row[i + 1 + keyLength] != (byte)'"') return false;
            var key = row.Slice(i + 1, keyLength);
            var column = -1;
            for (var c = 0; c < columns.Length; c++)
            {
                if (key.SequenceEqual(columns[c]))
                {
                    column = c;
                    break;
                }
            }
            i = Skip(row, i + 2 + keyLength);
            if (i >= row.Length || row[i] != (byte)':') return false;
            i = Skip(row, i + 1);
            if (i >= row.Length) return false;
            var first = row[i];
            if (first == (byte)'"')
            {
                var length = row[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
                if (length < 0 || row[i + 1 + length] != (byte)'"') return false;
                if (column >= 0) values[column] = RowValue.FromUtf8(line.Slice(i + 1, length));
                i += length + 2;
            }
            else if (first is (byte)'-' or (>= (byte)'0' and <= (byte)'9'))
            {
                var end = i + 1;
                while (end < row.Length && row[end] is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-') end++;
                if (column >= 0) values[column] = RowValue.FromUtf8(line[i..end]);
                i = end;
            }
            else if (row[i..].StartsWith("true"u8) || row[i..].StartsWith("false"u8))
            {
                var length = first == (byte)'t' ? 4 : 5;
                if (column >= 0) values[column] = RowValue.FromUtf8(line.Slice(i, length));
                i += length;
            }
            else if (row[i..].StartsWith("null"u8))
            {
                i += 4;
            }
            else
            {
                return false; // nested object or array, or not JSON
            }
            i = Skip(row, i);
            if (i >= row.Length) return false;
            if (row[i] == (byte)'}') return Skip(row, i + 1) == row.Length;
            if (row[i] != (byte)',') return false;
            i = Skip(row, i + 1);
        }
    }

    private static int Skip(ReadOnlySpan<byte> row, int i)
    {
        while (i < row.Length && row[i] is (byte)' ' or (byte)'\t' or (byte)'\r') i++;
        return i;
    }
}
