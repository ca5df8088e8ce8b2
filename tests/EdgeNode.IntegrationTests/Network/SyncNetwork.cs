namespace EdgeNode.IntegrationTests.Network;

/// <summary>
/// A network of real node processes on 127.0.0.1: a master (ledger table in SQLite, TCP server, syncing its ledger file
/// from its table) and two operators syncing from it every second. The master's home outlives its process, so a test
/// can kill the master and bring it back on the same ledger.
/// </summary>
public sealed class SyncNetwork : IAsyncLifetime
{
    public const string Period = "1 second";

    private readonly string _masterHome = Directory.CreateTempSubdirectory("edgenode-master-").FullName;

    public int MasterPort { get; } = FreePort.Get();

    public string Master => $"127.0.0.1:{MasterPort}";

    public NodeProcess MasterNode { get; private set; } = null!;

    public NodeProcess OperatorA { get; private set; } = null!;

    public NodeProcess OperatorB { get; private set; } = null!;

    public int PortA { get; } = FreePort.Get();

    public int PortB { get; } = FreePort.Get();

    public async ValueTask InitializeAsync()
    {
        MasterNode = await StartMasterAsync();
        OperatorA = await StartOperatorAsync("operator-a", PortA);
        OperatorB = await StartOperatorAsync("operator-b", PortB);
    }

    private async Task<NodeProcess> StartMasterAsync()
    {
        var master = NodeProcess.Start(_masterHome);
        await master.OkAsync("set node name master");
        await master.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {MasterPort} and bind = true");
        await master.OkAsync("connect dbms blockchain where type = sqlite");
        await master.OkAsync("create table ledger where dbms = blockchain");
        await master.OkAsync($"run blockchain sync where source = dbms and time = {Period} and dest = file");
        return master;
    }

    /// <summary>An operator process syncing from the master; <paramref name="home"/> given restarts one on its old ledger.</summary>
    public async Task<NodeProcess> StartOperatorAsync(string name, int port, string? home = null)
    {
        var node = NodeProcess.Start(home);
        await node.OkAsync($"set node name {name}");
        await node.OkAsync($"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await node.OkAsync($"run blockchain sync where source = master and time = {Period} and dest = file and connection = {Master}");
        return node;
    }

    /// <summary>Kills the master (SIGKILL): it is down until <see cref="RestartMasterAsync"/>.</summary>
    public async Task KillMasterAsync()
    {
        MasterNode.Signal(9);
        Assert.True(await MasterNode.WaitForExitAsync(NodeProcess.EventBudget), "the master did not die");
    }

    public async Task RestartMasterAsync()
    {
        await MasterNode.DisposeAsync();
        MasterNode = await StartMasterAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in new[] { OperatorB, OperatorA, MasterNode })
            if (node is not null) await node.DisposeAsync(); // null when the start failed half way
        try
        {
            Directory.Delete(_masterHome, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans its temp folder
        }
    }
}
