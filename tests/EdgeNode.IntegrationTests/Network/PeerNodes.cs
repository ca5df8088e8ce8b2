namespace EdgeNode.IntegrationTests.Network;

/// <summary>Real node processes with their TCP server on 127.0.0.1, named so replies can be told apart.</summary>
internal static class PeerNodes
{
    public static async Task<NodeProcess> StartAsync(string name, int port, string options = "")
    {
        var node = NodeProcess.Start();
        await node.SendAsync($"set node name {name}");
        var started = await node.RunAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true{options}");
        Assert.True(started.Length == 0, $"run tcp server printed: {started}");
        return node;
    }
}
