using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace EdgeNode.Network.Mqtt;

/// <summary>
/// MQTTnet's TCP listener, with one difference: an MQTT 3.1/3.1.1 client that connects with an empty client id and a
/// clean session gets a generated one, as MQTT 3.1.1 §3.1.3.1 allows and mosquitto does (<c>mosquitto_pub</c> and
/// <c>mosquitto_sub</c> connect this way); MQTTnet alone refuses them with "identifier rejected". MQTT 5 clients get
/// theirs through the CONNACK's assigned client identifier instead.
/// </summary>
internal sealed class ClientIdAssigningAdapter : IMqttServerAdapter
{
    private readonly MqttTcpServerAdapter _inner = new();
    private long _assigned;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _inner.ClientHandler = channel => ClientHandler is { } handler ? handler(new Channel(channel, this)) : Task.CompletedTask;
        return _inner.StartAsync(options, logger);
    }

    public Task StopAsync() => _inner.StopAsync();

    public void Dispose() => _inner.Dispose();

    private string NextId() =>
        "auto-" + Interlocked.Increment(ref _assigned).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Forwards everything; rewrites the client id of the first packet (CONNECT) when it is empty.</summary>
    private sealed class Channel(IMqttChannelAdapter inner, ClientIdAssigningAdapter owner) : IMqttChannelAdapter
    {
        private bool _connectSeen;

        public long BytesReceived => inner.BytesReceived;
        public long BytesSent => inner.BytesSent;
        public X509Certificate2 ClientCertificate => inner.ClientCertificate;
        public EndPoint RemoteEndPoint => inner.RemoteEndPoint;
        public EndPoint LocalEndPoint => inner.LocalEndPoint;
        public bool IsSecureConnection => inner.IsSecureConnection;
        public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

        public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

        public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

        public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
        {
            var packet = await inner.ReceivePacketAsync(cancellationToken);
            if (_connectSeen) return packet;
            _connectSeen = true;
            if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId)
                && inner.PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500)
                connect.ClientId = owner.NextId();
            return packet;
        }

        public void ResetStatistics() => inner.ResetStatistics();

        public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
