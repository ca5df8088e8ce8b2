using EdgeNode.Core.Metadata;

namespace EdgeNode.IntegrationTests.Scheduling;

/// <summary>The system scheduler's task, <c>set servers ping</c>, between two real nodes on 127.0.0.1.</summary>
public sealed class ServersPingTests
{
    [Fact]
    public async Task An_operator_marked_not_responding_that_answers_the_ping_is_active_again()
    {
        await using var query = new TestNode();
        await using var op = new TestNode();
        var (queryPort, opPort) = (FreePort.Get(), FreePort.Get());
        await query.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {queryPort} and bind = true");
        await op.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {opPort} and bind = true");
        await query.OkAsync("cluster = create policy cluster with defaults where company = acme and name = c1");
        await query.OkAsync("blockchain insert where policy = !cluster and local = true");
        await query.OkAsync("cluster_id = blockchain get cluster bring.first [*][id]");
        await query.OkAsync($"operator = create policy operator where name = op1 and company = acme and ip = 127.0.0.1 and port = {opPort} and cluster = !cluster_id");
        await query.OkAsync("blockchain insert where policy = !operator and local = true");
        var metadata = query.Node.Services.Get<IMetadata>();
        var address = $"127.0.0.1:{opPort}";
        metadata.SetOperatorStatus(address, OperatorStatus.NotResponding);

        Assert.Equal("Pinged 1 operator(s) not responding: 1 answered", await query.OkAsync("set servers ping"));
        Assert.Equal(OperatorStatus.Active, metadata.GetOperatorStatus(address));
        Assert.Equal("", await query.OkAsync("set servers ping")); // nobody left to ping

        await op.OkAsync("exit tcp");
        metadata.SetOperatorStatus(address, OperatorStatus.NotResponding);
        Assert.Equal("Pinged 1 operator(s) not responding: 0 answered", await query.OkAsync("set servers ping"));
        Assert.Equal(OperatorStatus.NotResponding, metadata.GetOperatorStatus(address));
    }
}
