using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EdgeNode.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that takes every connection and never answers: a peer that reports only failures (EdgeLake
/// taking a policy or a file), or one whose replies are lost.
/// </summary>
public sealed class SilentPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentPeer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Its address as commands name a peer (<c>127.0.0.1:port</c>).</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _accepted.Add(await _listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _accepted) client.Dispose();
        _stop.Dispose();
    }
}
