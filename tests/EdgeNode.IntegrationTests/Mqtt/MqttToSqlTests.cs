namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// The whole path a user sets up: messages published to mosquitto (or to the node's own broker) → <c>run mqtt client</c>
/// mapping → streamer → operator → SQLite, then seen with <c>sql</c>; including a mosquitto restart in the middle of the
/// stream at QoS 1, and bad payloads counted while the good ones load.
/// </summary>
public sealed class MqttToSqlTests
{
    private const string Columns =
        "dbms = test and table = readings and column.timestamp.timestamp = \"bring [ts]\" and column.value.float = \"bring [v]\" and column.n.int = \"bring [n]\"";

    private static string Message(int n) => $$"""{"ts": "2026-11-28T02:00:{{n % 60:D2}}Z", "v": {{n}}.25, "n": {{n}}}""";

    private static async Task<OperatorNode> OperatorWithStreamerAsync()
    {
        var node = await OperatorNode.StartAsync();
        await node.Node.OkAsync("set buffer threshold where time = 1 second and volume = 100KB");
        await node.Node.OkAsync("run streamer");
        return node;
    }

    private static async Task<long> SqlCountAsync(OperatorNode node) =>
        (long)(await node.QueryAsync("select count(*) as c, count(distinct n) as d from readings"))[0]!["d"]!;

    [Fact]
    public async Task Qos_1_messages_through_mosquitto_survive_a_broker_restart_and_are_queryable_with_sql()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(persistence: true);
        await using var node = await OperatorWithStreamerAsync();
        await node.Node.OkAsync($"run mqtt client where broker = 127.0.0.1 and port = {mosquitto.Port} and client_id = en-sql and topic = (name = plant/readings and qos = 1 and {Columns})");
        // subscribed before the first message: the broker keeps nothing for a client id it has not seen yet
        await OperatorNode.WaitUntilAsync(async () => (await node.Node.OkAsync("get msg clients")).Contains("Connection:   Connected\r\n", StringComparison.Ordinal),
            "the client connected and subscribed");
        var first = await MosquittoClients.PublishAsync(mosquitto.Port, "plant/readings", Enumerable.Range(0, 150).Select(Message), qos: 1);
        Assert.Equal(0, first.ExitCode);
        await mosquitto.RestartAsync();
        var second = await MosquittoClients.PublishAsync(mosquitto.Port, "plant/readings", Enumerable.Range(150, 150).Select(Message), qos: 1);
        Assert.Equal(0, second.ExitCode);
        await MosquittoClients.PublishAsync(mosquitto.Port, "plant/readings", ["not json", "{\"ts\": \"2026-11-28T02:00:00Z\", \"v\": \"high\", \"n\": 999}"], qos: 1);

        // at least once: a message journaled but not yet acknowledged when mosquitto went down comes again; none is lost
        await OperatorNode.WaitUntilAsync(async () => await node.CountAsync("readings") >= 300 && await SqlCountAsync(node) == 300,
            "300 distinct messages in test.readings", explain: node.ErrorReasons);
        var sum = await node.QueryAsync("select sum(distinct n) as total, min(value) as low, max(value) as high from readings");
        Assert.Equal(Enumerable.Range(0, 300).Sum(), (long)sum[0]!["total"]!);
        Assert.Equal(0.25, (double)sum[0]!["low"]!);
        Assert.Equal(299.25, (double)sum[0]!["high"]!);
        Assert.Contains("Errors", await node.Node.OkAsync("get msg clients"), StringComparison.Ordinal);
        var counters = System.Text.RegularExpressions.Regex.Match(await node.Node.OkAsync("get msg clients where id = 1"), @"\n\s+(\d+)\s+(\d+)\s+2\s");
        Assert.True(counters.Success);
        Assert.Equal(long.Parse(counters.Groups[1].Value) - 2, long.Parse(counters.Groups[2].Value)); // every message but the 2 bad ones loaded
        Assert.Equal(await node.CountAsync("readings"), long.Parse(counters.Groups[2].Value));
    }

    [Fact]
    public async Task Messages_published_to_the_nodes_own_broker_are_queryable_with_sql()
    {
        await using var node = await OperatorWithStreamerAsync();
        var port = FreePort.Get();
        await node.Node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await node.Node.OkAsync($"run msg client where broker = local and topic = (name = plant/own and {Columns})");
        var published = await MosquittoClients.PublishAsync(port, "plant/own", Enumerable.Range(0, 200).Select(Message), qos: 1);
        Assert.True(published.ExitCode == 0, published.Errors);
        await node.WaitForRowsAsync("readings", 200);
        Assert.Equal(200, await SqlCountAsync(node));
        var row = await node.QueryAsync("select timestamp, value, n from readings where n = 7");
        Assert.Equal(7.25, (double)row[0]!["value"]!);
        Assert.StartsWith("2026-11-28 02:00:07", (string)row[0]!["timestamp"]!, StringComparison.Ordinal);
    }
}
