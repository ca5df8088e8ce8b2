using System.Threading.Channels;
using EdgeNode.Core;
using EdgeNode.Core.Network;

namespace EdgeNode.Network.Sync;

/// <summary>
/// Ledgers a master sent that landed on this node (<see cref="IPeerClient.FileReceived"/>, flag 2, named
/// <c>*.master_id_&lt;k&gt;[.extension]</c>), waiting for the synchronizer to use them. Bounded: a synchronizer that fell behind
/// leaves further files on disk (the next sync fetches the ledger again), it never buffers without limit.
/// </summary>
internal sealed class LedgerInbox(NodeLog log)
{
    private const int Capacity = 16;

    private readonly Channel<string> _files = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public void OnFileReceived(object? sender, PeerFileReceivedEventArgs file)
    {
        if (file.Target != FileTransferTarget.Ledger) return;
        if (!SyncFiles.IsTransfer(file.Path))
        {
            log.Error($"Ledger file {file.Path} from {file.Sender} is not named <file>.master_id_<1..9>[.extension]: not used");
            return;
        }
        if (!_files.Writer.TryWrite(file.Path))
            log.Error($"Ledger file {file.Path} from {file.Sender} not used: {Capacity} received ledgers already wait for the synchronizer");
    }

    public bool TryTake(out string path) => _files.Reader.TryRead(out path!);

    /// <summary>Completes when a file is waiting (true), or when <paramref name="cancellation"/> fires.</summary>
    public Task<bool> WaitAsync(CancellationToken cancellation) => _files.Reader.WaitToReadAsync(cancellation).AsTask();

    /// <summary>Waits up to <paramref name="timeout"/> for a file; false when none came.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellation)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, limit.Token);
        try
        {
            return await _files.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}
