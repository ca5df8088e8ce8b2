using EdgeNode.Core;
using EdgeNode.Core.Processes;

namespace EdgeNode.Ingest.Streaming;

/// <summary>
/// <c>run streamer</c>: flushes buffers as soon as one passes its volume threshold (signalled by the add) and checks
/// time thresholds four times a second (EdgeLake sleeps 10 s when nothing was flushed). On stop it flushes everything,
/// so a clean shutdown leaves no rows in memory.
/// </summary>
internal sealed class StreamerProcess(NodeLog log, Streamer streamer) : NodeProcess(log)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public override string Name => ProcessNames.Streamer;

    protected override string DescribeConfiguration()
    {
        var global = streamer.Thresholds.Global;
        return $"Default streaming thresholds are {global.TimeSeconds} seconds and {global.VolumeBytes:#,0} bytes";
    }

    protected override Task OnStartingAsync(CancellationToken cancellation)
    {
        streamer.EnsureRecovered();
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await streamer.FlushSignal.WaitAsync(Tick, stopping);
            try
            {
                await streamer.FlushAsync(force: false, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Error($"Streamer: flush failed: {e.Message}");
            }
        }
    }

    protected override async Task OnStoppingAsync(CancellationToken cancellation) =>
        await streamer.FlushAsync(force: true, cancellation);
}
