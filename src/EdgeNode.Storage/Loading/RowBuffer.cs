namespace EdgeNode.Storage.Loading;

/// <summary>
/// One row of a bulk load held in typed arrays (struct of arrays), so setting a value allocates nothing; engines read it
/// to bind parameters or write COPY fields. Timestamps are UTC ticks, dates day numbers, times ticks of the day.
/// </summary>
internal sealed class RowBuffer(int columns)
{
    public readonly CellKind[] Kinds = new CellKind[columns];
    public readonly long[] Longs = new long[columns];
    public readonly double[] Doubles = new double[columns];
    public readonly decimal[] Decimals = new decimal[columns];
    public readonly string?[] Texts = new string?[columns];
    public readonly Guid[] Guids = new Guid[columns];

    public int Count => Kinds.Length;

    public void Clear()
    {
        Array.Clear(Kinds);
        Array.Clear(Texts);
    }

    /// <summary>Copies every slot into <paramref name="target"/> (same column count).</summary>
    public void CopyTo(RowBuffer target)
    {
        Kinds.CopyTo(target.Kinds, 0);
        Longs.CopyTo(target.Longs, 0);
        Doubles.CopyTo(target.Doubles, 0);
        Decimals.CopyTo(target.Decimals, 0);
        Texts.CopyTo(target.Texts, 0);
        Guids.CopyTo(target.Guids, 0);
    }

    public DateTime TimestampAt(int column) => new(Longs[column], DateTimeKind.Utc);

    /// <summary>The value of a slot as a CLR object (for parameters and messages); allocates.</summary>
    public object? Boxed(int column) => Kinds[column] switch
    {
        CellKind.Int64 => Longs[column],
        CellKind.Double => Doubles[column],
        CellKind.Decimal => Decimals[column],
        CellKind.Boolean => Longs[column] != 0,
        CellKind.Text => Texts[column],
        CellKind.Timestamp => TimestampAt(column),
        CellKind.Date => DateOnly.FromDayNumber((int)Longs[column]),
        CellKind.Time => new TimeOnly(Longs[column]),
        CellKind.Guid => Guids[column],
        _ => null,
    };
}
