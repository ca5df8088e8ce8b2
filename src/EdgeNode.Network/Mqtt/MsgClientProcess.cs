using EdgeNode.Core;
using EdgeNode.Core.Processes;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// The <c>MQTT</c> row of <c>get processes</c>: runs while at least one <c>run msg client</c> subscription exists and owns
/// their connection loops. <c>exit mqtt</c> stops every subscription; <c>exit msg client &lt;id&gt;</c> one of them.
/// </summary>
internal sealed class MsgClientProcess(Node node) : NodeProcess(node.Log)
{
    private readonly object _gate = new();
    private readonly List<MessageClient> _clients = [];

    public override string Name => ProcessNames.Mqtt;

    public IReadOnlyList<MessageClient> Clients
    {
        get
        {
            lock (_gate) return [.. _clients];
        }
    }

    protected override TimeSpan StopTimeout => TimeSpan.FromSeconds(10);

    protected override string DescribeConfiguration()
    {
        var clients = Clients;
        return clients.Count == 0 ? "" : $"Subscriptions: {clients.Count}, Connected: {clients.Count(c => c.IsConnected)}";
    }

    public void Add(MessageClient client)
    {
        lock (_gate) _clients.Add(client);
        client.Start();
    }

    /// <summary>Stops and removes one subscription; returns false when the id is unknown.</summary>
    public async Task<bool> RemoveAsync(int id)
    {
        MessageClient? client;
        lock (_gate)
        {
            client = _clients.FirstOrDefault(c => c.Id == id);
            if (client is not null) _clients.Remove(client);
        }
        if (client is null) return false;
        await client.StopAsync();
        node.Log.Event($"Message client {id:D4} ({client.Options.Broker}) stopped");
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stopping) => Task.Delay(Timeout.Infinite, stopping);

    protected override async Task OnStoppingAsync(CancellationToken cancellation)
    {
        MessageClient[] clients;
        lock (_gate)
        {
            clients = [.. _clients];
            _clients.Clear();
        }
        await Task.WhenAll(clients.Select(c => c.StopAsync()));
    }
}
