using System.Text.RegularExpressions;

namespace EdgeNode.IntegrationTests.Mqtt;

/// <summary>
/// A real node in-process for message client and broker tests, with what a user looks at: <c>get msg clients</c>
/// counters, the streamer's journal and, after <c>flush buffers</c>, the data files in the watch dir. Once the operator
/// and storage land, <see cref="FlushedRowsAsync"/> is where a <c>sql ... select count(*)</c> check joins.
/// </summary>
internal sealed partial class MqttTestNode : IAsyncDisposable
{
    public MqttTestNode() => Node = new TestNode();

    /// <summary>A node on an existing home: a restart of the node that used it.</summary>
    public MqttTestNode(string home) => Node = new TestNode(home);

    /// <summary>Runs <c>run message broker</c> on 127.0.0.1 (a free port unless given) with the extra where clause; returns the port.</summary>
    public async Task<int> StartBrokerAsync(string extra = "", int? port = null)
    {
        var listen = port ?? FreePort.Get();
        await OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {listen} and bind = true{extra}");
        return listen;
    }

    /// <summary><c>exit broker</c>, then the broker again on the same port.</summary>
    public async Task RestartBrokerAsync(int port, string extra = "")
    {
        await OkAsync("exit broker");
        await StartBrokerAsync(extra, port);
    }

    public TestNode Node { get; }

    public Task<string> OkAsync(string line) => Node.OkAsync(line);

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The counters line of one subscription in <c>get msg clients where id = n</c>: messages, success, errors.</summary>
    public async Task<(long Messages, long Success, long Errors)> CountersAsync(int id = 1)
    {
        var text = await OkAsync($"get msg clients where id = {id}");
        var match = CountersLine().Match(text);
        Assert.True(match.Success, $"no counters line in: {text}");
        return (long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value), long.Parse(match.Groups[3].Value));
    }

    /// <summary>Polls <c>get msg clients</c> until the subscription has seen <paramref name="messages"/> messages.</summary>
    public async Task<(long Messages, long Success, long Errors)> WaitForMessagesAsync(long messages, int id = 1, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var counters = await CountersAsync(id);
            if (counters.Success + counters.Errors >= messages) return counters;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"after {seconds} s: {counters}, expected {messages} messages: {await OkAsync("get msg clients")}\n{await OkAsync("get error log")}");
            await Task.Delay(50, Cancellation);
        }
    }

    /// <summary>Polls until <c>get msg clients where id = n</c> shows <paramref name="connection"/>.</summary>
    public async Task WaitForConnectionAsync(string connection, int id = 1, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var text = await OkAsync($"get msg clients where id = {id}");
            if (text.Contains($"Connection:   {connection}\r\n", StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"after {seconds} s the connection is not '{connection}': {text}");
            await Task.Delay(50, Cancellation);
        }
    }

    /// <summary>Runs <c>flush buffers</c> and returns the rows of dbms.table's data files in the watch dir, in file order.</summary>
    public async Task<List<string>> FlushedRowsAsync(string dbms, string table)
    {
        await OkAsync("flush buffers");
        var watch = Node.Var("watch_dir")!;
        if (!Directory.Exists(watch)) return [];
        return Directory.GetFiles(watch, $"{dbms}.{table}.*.json").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines).ToList();
    }

    /// <summary>The rows journaled so far for dbms.table (before any flush).</summary>
    public List<string> JournaledRows(string dbms, string table)
    {
        var journal = Path.Combine(Node.Var("prep_dir")!, ".journal");
        return Directory.Exists(journal)
            ? Directory.GetFiles(journal, $"{dbms}.{table}.*.jnl").SelectMany(File.ReadAllLines).ToList()
            : [];
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    [GeneratedRegex(@"^\s+(\d+)\s+(\d+)\s+(\d+)(?:\s|$)", RegexOptions.Multiline)]
    private static partial Regex CountersLine();
}
