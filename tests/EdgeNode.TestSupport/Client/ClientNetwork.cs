namespace EdgeNode.TestSupport.Client;

/// <summary>
/// The 4-node EdgeNode network of AnyLog's client tests on 127.0.0.1, built with the repository's example scripts in real
/// processes: a master, two operators in two clusters (<c>cluster-1</c>, <c>cluster-2</c>) and a query node, company
/// <c>Acme</c>, nodes named <c>en-master</c>, <c>en-op1</c>, <c>en-op2</c>, <c>en-query</c>; loaded with
/// <see cref="ClientData"/> over REST as clients load it.
/// </summary>
public sealed class ClientNetwork : IAsyncDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private readonly List<IAsyncDisposable> _owned = [];

    private ClientNetwork()
    {
    }

    public RestEndpoint Query { get; private set; } = null!;

    public RestEndpoint Master { get; private set; } = null!;

    public IReadOnlyList<RestEndpoint> Operators { get; private set; } = [];

    public static async Task<ClientNetwork> StartAsync()
    {
        var network = new ClientNetwork();
        try
        {
            var (masterPort, masterRest) = (FreePort.Get(), FreePort.Get());
            var master = $"127.0.0.1:{masterPort}";
            await network.StartNodeAsync("master.al", master, "set node name en-master", $"master_port = {masterPort}", $"master_rest_port = {masterRest}");
            network.Master = network.Own(new RestEndpoint(masterRest));
            var rest = new[] { FreePort.Get(), FreePort.Get(), FreePort.Get() };
            // the first operator is up before the second starts: the ledger then lists their policies in a known order
            await network.StartNodeAsync("operator.al", master, "set node name en-op1", "cluster_name = cluster-1", $"operator_port = {FreePort.Get()}",
                $"operator_rest_port = {rest[0]}", $"default_dbms = {ClientData.Dbms}");
            await Task.WhenAll(
                network.StartNodeAsync("operator.al", master, "set node name en-op2", "cluster_name = cluster-2", $"operator_port = {FreePort.Get()}",
                    $"operator_rest_port = {rest[1]}", $"default_dbms = {ClientData.Dbms}"),
                network.StartNodeAsync("query.al", master, "set node name en-query", $"query_port = {FreePort.Get()}", $"query_rest_port = {rest[2]}"));
            network.Operators = [network.Own(new RestEndpoint(rest[0])), network.Own(new RestEndpoint(rest[1]))];
            network.Query = network.Own(new RestEndpoint(rest[2]));
            await StartStandardProcessesAsync(network.Operators);
            await LoadAsync(network.Query, network.Operators);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts on operators what the standard node scripts of AnyLog's deployments start besides the example scripts'
    /// processes, and what clients then check in <c>get processes</c>: a user scheduler and the blobs archiver.
    /// </summary>
    public static async Task StartStandardProcessesAsync(IReadOnlyList<RestEndpoint> operators)
    {
        foreach (var node in operators)
        {
            await node.PostAsync("run scheduler 1");
            await node.PostAsync("run blobs archiver where dbms = false and folder = true and compress = true");
        }
    }

    /// <summary>
    /// Loads <see cref="ClientData"/> into a network through its operators' REST servers, one batch after the other (each
    /// counted by its operator before the next is sent, so that the ledger gets the operators' cluster policies for each
    /// table in a known order: <c>get data nodes</c> lists them in that order), then waits until its query node counts
    /// every row of each table; the late rows last.
    /// </summary>
    public static async Task LoadAsync(RestEndpoint query, IReadOnlyList<RestEndpoint> operators)
    {
        var held = new Dictionary<(string, int), int>();
        foreach (var batch in new[] { ClientData.First, ClientData.Late })
        {
            foreach (var (table, index, rows) in batch)
            {
                await operators[index].PutRowsAsync(ClientData.Dbms, table, rows);
                held[(table, index)] = held.GetValueOrDefault((table, index)) + rows.Split("\"timestamp\"").Length - 1;
                await WaitForCountAsync(operators[index], table, held[(table, index)], network: false);
            }
            foreach (var table in held.Keys.Select(k => k.Item1).Distinct())
                await WaitForCountAsync(query, table, held.Where(h => h.Key.Item1 == table).Sum(h => h.Value), network: true);
        }
    }

    private static async Task WaitForCountAsync(RestEndpoint node, string table, int expected, bool network)
    {
        var command = $"sql {ClientData.Dbms} format = json and stat = false \"select count(*) from {table}\"";
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            last = network ? await node.GetAsync(command, ("destination", "network")) : await node.GetAsync(command);
            return last == $"{{\"Query\":[{{\"count(*)\":{expected}}}]}}";
        }, $"the node on port {node.Port} counts {expected} rows of {table}{(network ? " in the network" : "")}", Settle);
    }

    public ClientEndpoints Endpoints => new(Query, Master, Operators[0]);

    /// <summary>What a node of a network answers to a client query, as a client reads it (see <see cref="ClientQuery.Rows"/>).</summary>
    public static async Task<string> AskAsync(ClientEndpoints network, ClientQuery clientQuery)
    {
        var node = network.Of(clientQuery.Node);
        var answer = clientQuery.Network
            ? await node.GetAsync(clientQuery.Command, ("destination", "network"))
            : await node.GetAsync(clientQuery.Command);
        return clientQuery.Rows is { } rows ? TableRows(answer, rows) : answer;
    }

    /// <summary>The rows of a table answer whose first cell is one of <paramref name="names"/>, trimmed cells joined by '|'.</summary>
    private static string TableRows(string answer, IReadOnlyList<string> names) =>
        string.Join("\n", answer.Split('\n')
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length > 1 && names.Contains(cells[0]))
            .Select(cells => string.Join("|", cells)));

    private async Task StartNodeAsync(string script, string master, params string[] settings)
    {
        var node = NodeProcess.Start(null, [.. settings, "company_name = Acme", $"ledger_conn = {master}", "sync_time = 1 second", "process",
            RepositoryFiles.Path($"examples/{script}")]);
        Own(node);
        await node.WaitForOutputAsync(" is up: ", NodeProcess.EventBudget);
        Assert.DoesNotMatch(@"(?m)^Error \d+:", node.Output);
    }

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        lock (_owned) _owned.Add(owned);
        return owned;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
