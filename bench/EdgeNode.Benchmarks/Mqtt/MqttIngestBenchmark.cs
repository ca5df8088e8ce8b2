using System.Diagnostics;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Ingest;
using EdgeNode.TestSupport;
using MQTTnet.Protocol;

namespace EdgeNode.Benchmarks.Mqtt;

/// <summary>
/// MQTT messages/s into rows (journaled in the streamer) for 100-byte JSON readings at QoS 0 and QoS 1, through
/// (a) mosquitto → <c>run mqtt client</c> and (b) the node's own broker with local ingest, next to the baseline measured in
/// the same run: the same publisher into mosquitto with <c>mosquitto_sub</c> reading (no mapping, no disk).
/// A run ends when every message is a row in the journal (or, for the baseline, printed by mosquitto_sub).
/// </summary>
public sealed class MqttIngestBenchmark : IBenchmarkDriver
{
    private const string Mapping = "dbms = bench and table = readings and column.timestamp.timestamp = \"bring [timestamp]\" and " +
                                   "column.value.float = \"bring [value]\" and column.device.str = \"bring [device]\" and column.seq.int = \"bring [seq]\"";

    public string Name => "mqtt-ingest";

    public string Description => "MQTT msgs/s into rows (QoS 0/1, 100-byte JSON): mosquitto → run mqtt client, own broker, next to mosquitto → mosquitto_sub [--messages 200000 --raw --connections 1 --only baseline|client|broker]";

    public async Task RunAsync(string[] arguments)
    {
        var count = Option(arguments, "--messages", 200_000);
        var connections = Option(arguments, "--connections", 1);
        var raw = arguments.Contains("--raw");
        var only = Array.IndexOf(arguments, "--only") is var at and >= 0 ? arguments[at + 1] : null;
        // mosquitto's default of 20 unacknowledged messages per client would measure its window, not the ingest
        await using var mosquitto = await MosquittoServer.StartAsync(extraConfig: "max_inflight_messages 1000\nmax_queued_messages 1000000");
        Console.WriteLine($"MQTT ingest: {count:N0} messages of 100 bytes per run, " + (raw
            ? $"raw publisher (3.1.1, 1 connection, {RawMqttPublisher.Window} in flight at QoS 1)"
            : $"MQTTnet publisher (3.1.1, {connections} connection(s), {MqttPublisher.InFlight} in flight at QoS 1)") + ", 127.0.0.1");
        Console.WriteLine($"{"path",-52}{"QoS",4}{"msgs/s",12}{"seconds",9}");
        foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce })
        {
            Func<int, string, Task> publish = raw
                ? (port, topic) => RawMqttPublisher.PublishAsync(port, topic, count, (int)qos)
                : (port, topic) => MqttPublisher.PublishAsync(port, topic, count, qos, connections);
            if (only is null) await Report("publisher → mosquitto, no subscriber (ceiling)", qos, count, async () =>
            {
                var clock = Stopwatch.StartNew();
                await publish(mosquitto.Port, "bench/nobody");
                return clock.Elapsed;
            });
            if (only is null or "baseline") await Report("mosquitto → mosquitto_sub (baseline)", qos, count, () => BaselineAsync(mosquitto, count, qos, publish));
            if (only is null or "client") await Report("mosquitto → run mqtt client → journal", qos, count, () => ThroughClientAsync(mosquitto.Port, count, qos, publish));
            if (only is null or "broker") await Report("own broker (local ingest) → journal", qos, count, () => ThroughBrokerAsync(count, qos, publish));
        }
    }

    private static async Task Report(string path, MqttQualityOfServiceLevel qos, int count, Func<Task<TimeSpan>> run)
    {
        var elapsed = await run();
        Console.WriteLine($"{path,-52}{(int)qos,4}{count / elapsed.TotalSeconds,12:N0}{elapsed.TotalSeconds,9:0.00}");
    }

    private static int Option(string[] arguments, string name, int fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? int.Parse(arguments[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>mosquitto_sub writing to /dev/null (a .NET reader of its output would be the bottleneck); ready when mosquitto logs its subscription.</summary>
    private static async Task<TimeSpan> BaselineAsync(MosquittoServer mosquitto, int count, MqttQualityOfServiceLevel qos, Func<int, string, Task> publish)
    {
        var topic = $"bench/raw/{Guid.NewGuid():N}";
        var id = $"bench-sub-{Guid.NewGuid():N}";
        using var subscriber = Process.Start(new ProcessStartInfo("bash",
            ["-c", $"exec mosquitto_sub -h 127.0.0.1 -p {mosquitto.Port} -i {id} -t {topic} -q {(int)qos} -C {count} > /dev/null"])
        {
            UseShellExecute = false,
        })!;
        await mosquitto.WaitForLogAsync($"{id} {(int)qos} {topic}", TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        await publish(mosquitto.Port, topic);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await subscriber.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            subscriber.Kill();
            if (qos != MqttQualityOfServiceLevel.AtMostOnce) throw new TimeoutException("mosquitto_sub did not receive every QoS 1 message");
            Console.WriteLine("  (QoS 0: mosquitto dropped messages for mosquitto_sub; the time shown is until it was given up)");
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> ThroughClientAsync(int port, int count, MqttQualityOfServiceLevel qos, Func<int, string, Task> publish)
    {
        await using var node = await BenchNodeAsync();
        var topic = $"bench/client/{Guid.NewGuid():N}";
        await OkAsync(node.Node, $"run mqtt client where broker = 127.0.0.1 and port = {port} and topic = (name = {topic} and qos = {(int)qos} and {Mapping})");
        var subscription = node.Node.Services.Get<ITopicIngest>().Subscriptions.Single();
        await WaitAsync(async () => (await node.Node.Dispatcher.ExecuteAsync("get msg clients", CommandSource.Cli)).Text
            .Contains("Connection:   Connected\r\n", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        await publish(port, topic);
        var elapsed = await RowsAsync(subscription, count, clock, qos, thirdPartyBroker: true);
        var errors = (await node.Node.Dispatcher.ExecuteAsync("get error log where format = json", CommandSource.Cli)).Text;
        if (errors.Contains("Message client", StringComparison.Ordinal)) Console.WriteLine($"  errors: {errors}");
        return elapsed;
    }

    /// <summary>
    /// Waits until every message is a row. Through mosquitto at QoS 0 messages may be dropped under load (at most once),
    /// so that wait ends when no row arrived for 15 s and the rate counts the rows that did arrive; anything else that
    /// stalls that long is an error.
    /// </summary>
    private static async Task<TimeSpan> RowsAsync(ITopicSubscription subscription, int count, Stopwatch clock, MqttQualityOfServiceLevel qos,
        bool thirdPartyBroker)
    {
        long last = -1;
        var lastAt = clock.Elapsed;
        while (Done(subscription) < count)
        {
            await Task.Delay(5);
            var done = Done(subscription);
            if (done != last)
            {
                last = done;
                lastAt = clock.Elapsed;
            }
            else if (clock.Elapsed - lastAt > TimeSpan.FromSeconds(15))
            {
                if (qos != MqttQualityOfServiceLevel.AtMostOnce || !thirdPartyBroker)
                    throw new TimeoutException($"only {done} of {count} QoS {(int)qos} messages arrived: {string.Join(", ", subscription.Topics)}");
                Console.WriteLine($"  (QoS 0: {done:N0} of {count:N0} arrived, {count - done:N0} dropped by the broker; rate over those)");
                return lastAt * count / Math.Max(1, done);
            }
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> ThroughBrokerAsync(int count, MqttQualityOfServiceLevel qos, Func<int, string, Task> publish)
    {
        await using var node = await BenchNodeAsync();
        var port = FreePort.Get();
        await OkAsync(node.Node, $"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await OkAsync(node.Node, $"run msg client where broker = local and topic = (name = bench/broker and {Mapping})");
        var subscription = node.Node.Services.Get<ITopicIngest>().Subscriptions.Single();
        var clock = Stopwatch.StartNew();
        await publish(port, "bench/broker");
        var elapsed = await RowsAsync(subscription, count, clock, qos, thirdPartyBroker: false);
        var errors = subscription.Topics.Sum(t => t.Errors);
        if (errors > 0) Console.WriteLine((await node.Node.Dispatcher.ExecuteAsync("get error log where format = json", CommandSource.Cli)).Text);
        if (errors > 0) throw new InvalidOperationException($"{errors} messages failed: {subscription.Topics[0].LastError}");
        return elapsed;
    }

    private static long Done(ITopicSubscription subscription) => subscription.Topics.Sum(t => t.Success + t.Errors);

    /// <summary>A node whose streamer flushes every 10 s or 10 MB (EdgeLake's 10 KB default would write a file per 100 rows).</summary>
    private static async Task<BenchHome> BenchNodeAsync()
    {
        var home = new BenchHome();
        await OkAsync(home.Node, "set buffer threshold where time = 10 seconds and volume = 10MB");
        await OkAsync(home.Node, "run streamer");
        return home;
    }

    private static async Task OkAsync(Node node, string line)
    {
        var result = await node.Dispatcher.ExecuteAsync(line, CommandSource.Cli);
        if (result.IsError) throw new InvalidOperationException($"{line}: {result.ErrorLine}");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the messages did not all arrive within 5 minutes");
            await Task.Delay(5);
        }
    }

    /// <summary>A node in a temp home deleted afterwards.</summary>
    private sealed class BenchHome : IAsyncDisposable
    {
        private readonly string _home = Directory.CreateTempSubdirectory("edgenode-bench-mqtt-").FullName;

        public BenchHome() => Node = NodeComposition.Create(new NodeOptions { Home = _home, LocalIp = "127.0.0.1" });

        public Node Node { get; }

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            Directory.Delete(_home, recursive: true);
        }
    }
}
