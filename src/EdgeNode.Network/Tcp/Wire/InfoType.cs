namespace EdgeNode.Network.Tcp.Wire;

/// <summary>Header offset 36: what the block carries.</summary>
internal enum InfoType : byte
{
    None = 0,
    ResultSet = 1,
    TableStruct = 2,
    Config = 3,
    Command = 4,
    TablesList = 5,
    Authenticate = 6,
}
