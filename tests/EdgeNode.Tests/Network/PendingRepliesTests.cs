using EdgeNode.Core.Binding;
using EdgeNode.Core.Metadata;
using EdgeNode.Core.Network;

namespace EdgeNode.Tests.Network;

/// <summary>Requests waiting for peer replies when the node's TCP server stops (replies come back through it).</summary>
public sealed class PendingRepliesTests
{
    [Fact]
    public async Task A_request_waiting_for_a_reply_ends_when_the_tcp_server_stops_not_at_its_timeout()
    {
        await using var node = new TestNode();
        await node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {FreePort.Get()} and bind = true");
        using var peer = new SilentPeer();
        Assert.True(IpPort.TryParse(peer.Address, out var address));
        var peers = node.Node.Services.Get<IPeerClient>();

        var waiting = peers.SendAsync(new PeerRequest([address], "get status") { Timeout = TimeSpan.FromMinutes(10) },
            TestContext.Current.CancellationToken);
        await node.OkAsync("exit tcp");
        var reply = (await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))[0];

        Assert.False(reply.Replied);
        Assert.Contains("replies cannot reach it", reply.Text, StringComparison.Ordinal);
        Assert.NotEqual(OperatorStatus.NotResponding, node.Node.Services.Get<IMetadata>().GetOperatorStatus(peer.Address));
    }
}
