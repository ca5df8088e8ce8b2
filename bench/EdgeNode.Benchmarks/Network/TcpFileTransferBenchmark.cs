using System.Diagnostics;

namespace EdgeNode.Benchmarks.Network;

/// <summary>
/// File transfer throughput on loopback (issue 7): <c>run client (peer) file copy</c> (2048-byte blocks, hash checked,
/// flushed to disk, renamed, confirmed) against a raw socket streaming the same file into a file flushed to disk.
/// </summary>
public sealed class TcpFileTransferBenchmark : IBenchmarkDriver
{
    public string Name => "tcp-file";

    public string Description => "run client (peer) file copy: MB/s next to a raw socket copy  [megabytes=256 repeats=5]";

    public async Task RunAsync(string[] arguments)
    {
        var megabytes = arguments.Length > 0 ? int.Parse(arguments[0], System.Globalization.CultureInfo.InvariantCulture) : 256;
        var repeats = arguments.Length > 1 ? int.Parse(arguments[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        await using var nodes = new LoopbackNodes();
        var (sender, _) = await nodes.StartAsync("sender");
        var (receiver, peer) = await nodes.StartAsync("receiver");
        var source = Path.Combine(sender.Paths.DataDir, "tmp", "payload.bin");
        WriteRandomFile(source, megabytes);
        var landed = Path.Combine(receiver.Paths.DataDir, "tmp", "payload.bin");
        var rawCopy = Path.Combine(receiver.Paths.DataDir, "tmp", "raw.bin");

        Console.WriteLine($"File transfer of {megabytes} MB on 127.0.0.1, best of {repeats} ({Environment.ProcessorCount} cores)");
        await LoopbackNodes.RunAsync(sender, $"run client ({peer}) file copy {source} {landed}"); // warm-up
        // alternate the two so that a change of load on the machine hits both alike; keep the best of each
        double baseline = double.MaxValue, transfer = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            baseline = Math.Min(baseline, await TimeAsync(() => RawFileStream.CopyAsync(source, rawCopy)));
            transfer = Math.Min(transfer, await TimeAsync(() =>
                LoopbackNodes.RunAsync(sender, $"run client ({peer}, timeout = 600) file copy {source} {landed}")));
        }
        if (new FileInfo(landed).Length != new FileInfo(source).Length) throw new InvalidOperationException("the copy is incomplete");
        Console.WriteLine($"{"baseline: raw socket into a file",-44} {megabytes / baseline,8:N0} MB/s");
        Console.WriteLine($"{"run client (peer) file copy",-44} {megabytes / transfer,8:N0} MB/s   ({baseline / transfer:P0} of the baseline)");
        File.Delete(source);
    }

    private static async Task<double> TimeAsync(Func<Task> copy)
    {
        var clock = Stopwatch.StartNew();
        await copy();
        return clock.Elapsed.TotalSeconds;
    }

    private static void WriteRandomFile(string path, int megabytes)
    {
        var block = new byte[1 << 20];
        var random = new Random(7);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (var i = 0; i < megabytes; i++)
        {
            random.NextBytes(block);
            file.Write(block);
        }
    }
}
