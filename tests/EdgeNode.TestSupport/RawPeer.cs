using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace EdgeNode.TestSupport;

/// <summary>
/// A bare AnyLog peer on 127.0.0.1 made of a socket: it accepts connections, reads each message (2048-byte blocks up to
/// the last-block flag) and queues it; it never answers by itself. It stands in for an EdgeLake node (the test answers
/// with hand-made frames) or for a peer that is up but silent.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Channel<IReadOnlyList<AnyLogFrames.Frame>> _messages = Channel.CreateUnbounded<IReadOnlyList<AnyLogFrames.Frame>>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RawPeer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The next message received (its blocks), or a failure after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<AnyLogFrames.Frame>> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _messages.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message reached the raw peer on {Address}");
        }
    }

    /// <summary>
    /// Connects to a node, writes the bytes as given (whole blocks or not) and closes. Returns false when the node cut the
    /// connection before everything was written (it may, when it rejects a message).
    /// </summary>
    public static async Task<bool> SendAsync(int port, params byte[][] parts)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            var stream = client.GetStream();
            foreach (var part in parts) await stream.WriteAsync(part);
            client.Client.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return false;
        }
    }

    private async Task AcceptAsync()
    {
        var reads = new List<Task>();
        try
        {
            while (true) reads.Add(ReadAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // stopped (InvalidOperationException: the listener stopped between two accepts)
        }
        await Task.WhenAll(reads);
    }

    private async Task ReadAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var frames = new List<AnyLogFrames.Frame>();
            var block = new byte[AnyLogFrames.BlockSize];
            try
            {
                while (true)
                {
                    await stream.ReadExactlyAsync(block, _stop.Token);
                    var frame = AnyLogFrames.Parse(block);
                    frames.Add(frame);
                    if (frame.Last) break;
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException)
            {
                return;
            }
            await _messages.Writer.WriteAsync(frames);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
