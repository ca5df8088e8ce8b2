namespace EdgeNode.Network.Tcp.Server;

/// <summary>A message that breaks the framing rules (truncated block, wrong block number, oversized): it is rejected.</summary>
internal sealed class ProtocolException(string message) : Exception(message);
