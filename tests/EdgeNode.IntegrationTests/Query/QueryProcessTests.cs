namespace EdgeNode.IntegrationTests.Query;

/// <summary>
/// The real executable: two operators and a query node, each an <c>edgenode</c> process configured through its console as
/// a user configures it (TCP servers, databases, policies), queried at the prompt and over REST with <c>destination: network</c>.
/// </summary>
public sealed class QueryProcessTests
{
    private const string Create = "CREATE TABLE IF NOT EXISTS readings(device_name varchar, timestamp timestamp, value float, reading int)";

    [Fact]
    public async Task A_network_of_edgenode_processes_answers_at_the_prompt_and_over_rest()
    {
        var ports = new[] { FreePort.Get(), FreePort.Get() };
        await using var op1 = await OperatorAsync("op-1", ports[0],
            "('dev-1', '2025-01-01 00:00:00.000000', 1.5, 10), ('dev-2', '2025-01-01 00:00:01.000000', 2.5, 20)");
        await using var op2 = await OperatorAsync("op-2", ports[1], "('dev-1', '2025-01-01 00:00:02.000000', 3.25, 30)");

        await using var query = NodeProcess.Start();
        var tcp = FreePort.Get();
        var rest = FreePort.Get();
        await query.SendAsync("set node name query-node");
        await Ok(query, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {tcp} and bind = true");
        await Ok(query, $"run rest server where internal_ip = 127.0.0.1 and internal_port = {rest} and bind = true");
        await Ok(query, "connect dbms system_query where type = sqlite and memory = true");
        await Ok(query, $"new_policy = {{\"table\": {{\"name\": \"readings\", \"dbms\": \"test\", \"create\": \"{Create}\"}}}}");
        await Ok(query, "blockchain insert where policy = !new_policy and local = true");
        for (var i = 0; i < 2; i++)
        {
            await Ok(query, $"new_policy = {{\"cluster\": {{\"company\": \"acme\", \"name\": \"c{i}\"}}}}");
            await Ok(query, "blockchain insert where policy = !new_policy and local = true");
            await Ok(query, $"cluster_id = blockchain get cluster where name = c{i} bring [cluster][id]");
            await Ok(query, $"new_policy = {{\"operator\": {{\"name\": \"op-{i + 1}\", \"company\": \"acme\", \"ip\": \"127.0.0.1\", \"port\": {ports[i]}, " +
                            "\"cluster\": !cluster_id, \"main\": true}}");
            await Ok(query, "blockchain insert where policy = !new_policy and local = true");
            await Ok(query, $"new_policy = {{\"cluster\": {{\"parent\": !cluster_id, \"name\": \"c{i}-readings\", \"company\": \"acme\", " +
                            "\"table\": [{\"dbms\": \"test\", \"name\": \"readings\"}]}}");
            await Ok(query, "blockchain insert where policy = !new_policy and local = true");
        }

        var table = await query.RunAsync("run client () sql test format = table \"select device_name, count(*), avg(value) from readings group by device_name order by device_name\"");
        Assert.Equal("\ndevice_name count(*) avg(value)\n----------- -------- ---------- \ndev-1              2      2.375 \ndev-2              1        2.5 \n\n" +
                     "{\"Statistics\":[{\"Count\": 2,\n                \"Time\":\"00:00:00\",\n                \"Nodes\": 2}]}", QueryReplies.Untimed(table));
        Assert.Contains("127.0.0.1:" + ports[1], await query.RunAsync("query status"), StringComparison.Ordinal);

        var network = ("destination", "network");
        var (body, code) = await RestAsync(rest, "sql test format = json and stat = false \"select sum(reading), max(timestamp) from readings\"", network);
        Assert.Equal(("{\"Query\": [{\"sum(reading)\": 60, \"max(timestamp)\": \"2025-01-01 00:00:02.000000\"}]}", "200"), (body, code));

        await op2.SendAsync("exit tcp");
        await op2.RunAsync("get processes");
        var (failed, failedCode) = await RestAsync(rest, "sql test \"select count(*) from readings\"", network);
        Assert.Equal("400", failedCode);
        Assert.Contains($"operator 127.0.0.1:{ports[1]} (op-2): cannot reach the node", failed, StringComparison.Ordinal);
        var (partial, _) = await RestAsync(rest, "sql test stat = false \"select count(*) from readings\"", network, ("subset", "true"));
        Assert.Equal("{\"Query\":[{\"count(*)\":2}]}", partial);
    }

    private static async Task<NodeProcess> OperatorAsync(string name, int port, string values)
    {
        var node = NodeProcess.Start();
        await node.SendAsync($"set node name {name}");
        await Ok(node, $"run tcp server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await Ok(node, "connect dbms test where type = sqlite");
        await Ok(node, $"sql test \"{Create}\"");
        Assert.Contains("affected", await node.RunAsync($"sql test \"insert into readings values {values}\""), StringComparison.Ordinal);
        return node;
    }

    /// <summary>Runs a console command that must succeed.</summary>
    private static async Task Ok(NodeProcess node, string command)
    {
        var output = await node.RunAsync(command);
        Assert.False(output.Contains("Error", StringComparison.Ordinal), $"'{command}' printed: {output}");
    }

    /// <summary>A GET as AnyLog clients send it: the command and the other AnyLog headers; returns the body and the status code.</summary>
    private static async Task<(string Body, string Code)> RestAsync(int port, string command, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        request.Headers.TryAddWithoutValidation("command", command);
        request.Headers.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
