namespace EdgeNode.Benchmarks.Network;

/// <summary>
/// Peer command round trips on loopback (issue 7): <c>run client (peer) get status</c> through the dispatcher as a waiting
/// caller (REST, an assignment) uses it, against a raw-socket baseline with the same connection pattern (one connection
/// per message, the reply on a new connection). Sequential calls give the latency, concurrent ones the throughput.
/// </summary>
public sealed class TcpRoundTripBenchmark : IBenchmarkDriver
{
    public string Name => "tcp-roundtrip";

    public string Description => "run client (peer) get status: round trips/s, p50/p99, next to raw sockets  [count=20000]";

    public async Task RunAsync(string[] arguments)
    {
        var count = arguments.Length > 0 ? int.Parse(arguments[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        await using var nodes = new LoopbackNodes();
        var (requester, _) = await nodes.StartAsync("requester");
        var (_, peer) = await nodes.StartAsync("peer");
        await using var raw = new RawReplyOnNewConnection();
        var command = $"run client ({peer}) get status";
        Task PeerCall() => LoopbackNodes.RunAsync(requester, command);

        Console.WriteLine($"Peer command round trips on 127.0.0.1, {count:N0} calls per line ({Environment.ProcessorCount} cores)");
        await Latencies.MeasureAsync("warm-up", 2_000, 1, PeerCall);
        await Latencies.MeasureAsync("warm-up", 2_000, 1, raw.RoundTripAsync);
        foreach (var concurrency in new[] { 1, 8 })
        {
            Console.WriteLine($"{await Latencies.MeasureAsync($"baseline: raw sockets, {concurrency} caller(s)", count, concurrency, raw.RoundTripAsync)}");
            Console.WriteLine($"{await Latencies.MeasureAsync($"run client (peer) get status, {concurrency} caller(s)", count, concurrency, PeerCall)}");
        }
    }
}
