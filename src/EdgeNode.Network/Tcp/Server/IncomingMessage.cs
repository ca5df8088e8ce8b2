using EdgeNode.Core.Binding;
using EdgeNode.Network.Tcp.Wire;

namespace EdgeNode.Network.Tcp.Server;

/// <summary>A message read whole from a connection: the first block's header, its command text and the payload of all blocks.</summary>
internal sealed record IncomingMessage(MessageHeader Header, string Command, byte[] Payload, string SenderIp)
{
    /// <summary>
    /// Where to reply: the header's reply address; an unset or <c>0.0.0.0</c> IP is replaced by the IP the connection came
    /// from (SPEC §3.1). Null when the header names no port.
    /// </summary>
    public IpPort? ReplyAddress
    {
        get
        {
            if (Header.ReplyPort is 0 or > 65535) return null;
            var ip = Header.ReplyIp;
            if (ip.Length == 0 || ip == "0.0.0.0") ip = SenderIp;
            return new IpPort(ip, (int)Header.ReplyPort);
        }
    }

    /// <summary>For a <c>file write</c>: what became of the file.</summary>
    public FileWriteResult? File { get; init; }

    /// <summary>The sender as <c>[From Node ...]</c> names it: its reply address, else its socket IP.</summary>
    public string Sender => ReplyAddress?.ToString() ?? SenderIp;
}
