namespace EdgeNode.Network.Tcp.Wire;

/// <summary>Header offset 34: how the payload is organised.</summary>
internal enum DataStruct : byte
{
    None = 0,
    /// <summary>One JSON document (or plain bytes).</summary>
    SingleJson = 1,
    /// <summary>Length-prefixed JSON segments (<c>job reply</c> rows).</summary>
    Segments = 2,
}
