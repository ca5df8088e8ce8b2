namespace EdgeNode.Core.Binding;

/// <summary>
/// A raw value of a where clause as the user wrote it. <see cref="Quoted"/> values are literals. <see cref="Position"/>
/// is where the value starts in the line.
/// </summary>
public readonly record struct WhereValue(string Text, bool Quoted, int Position)
{
    /// <summary>How far before the value its key starts (0 when unknown); a short keeps the struct at 16 bytes.</summary>
    public short KeyOffset { get; init; }

    /// <summary>Where the value's key starts in the line (the value's position when unknown), for errors about the key.</summary>
    public int KeyPosition => Position - KeyOffset;

    internal static short OffsetOf(int keyPosition, int valuePosition) =>
        valuePosition - keyPosition is > 0 and <= short.MaxValue and var offset ? (short)offset : (short)0;
}
