using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EdgeNode.Network.Mqtt.Broker;

/// <summary>
/// Accepts TCP connections on exactly one address (an IPv4 address listens on IPv4 only) and runs a
/// <see cref="BrokerConnection"/> for each, over TLS when a server certificate is given (and then, with a CA, only for
/// clients whose certificate chains to it).
/// </summary>
internal sealed class BrokerListener(MqttBroker broker, IPEndPoint endpoint, X509Certificate2? certificate, Func<X509Certificate, bool>? clientCertificate)
{
    private static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly ConcurrentDictionary<BrokerConnection, byte> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _accepting = Task.CompletedTask;

    public void Start()
    {
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(512);
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // stopped
            }
            client.NoDelay = true;
            var task = RunAsync(client);
            _connections[task] = 0;
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RunAsync(Socket client)
    {
        var remote = client.RemoteEndPoint?.ToString() ?? "";
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(TlsHandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = clientCertificate is not null,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => clientCertificate is null || (presented is not null && clientCertificate(presented)),
                }, timeout.Token);
            }
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            broker.Statistics.Error(BrokerStatistics.Connect, "TlsHandshake", $"{remote}: {e.Message}");
            await stream.DisposeAsync();
            return;
        }
        var connection = new BrokerConnection(broker, stream, remote);
        _open[connection] = 0;
        try
        {
            if (_stopping.IsCancellationRequested) connection.Abort(ReasonCodes.ServerShuttingDown, "the broker is stopping");
            await connection.RunAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            broker.Statistics.Error(BrokerStatistics.Disconnect, "Error", $"{remote}: {e.Message}");
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    }

    /// <summary>Stops accepting, ends every connection and waits for them to finish.</summary>
    public async Task StopAsync()
    {
        _socket.Dispose();
        await _accepting;
        await _stopping.CancelAsync();
        foreach (var connection in _open.Keys) connection.Abort(ReasonCodes.ServerShuttingDown, "the broker is stopping");
        await Task.WhenAll(_connections.Keys);
        _stopping.Dispose();
    }
}
