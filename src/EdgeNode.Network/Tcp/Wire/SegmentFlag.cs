namespace EdgeNode.Network.Tcp.Wire;

/// <summary>
/// The flag byte of a <c>job reply</c> segment: a whole row, a part that continues in the next block, or the final part
/// of a continued row. A row longer than a block is sent as Continued parts followed by one Final part.
/// </summary>
internal enum SegmentFlag : byte
{
    Whole = 0,
    Continued = 1,
    Final = 2,
}
