using System.Collections.Concurrent;
using System.Net;
using EdgeNode.Core;
using Microsoft.AspNetCore.Connections;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Kestrel connection middleware that bounds the connections one client address holds open: beyond
/// <c>max_connections_per_ip</c> a new connection from that address is closed at once, so one client (idle connections,
/// a flood) cannot take every connection of the server and lock the others out.
/// </summary>
internal sealed class RestConnectionLimit(int perAddress, NodeLog log)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();
    private long _refused;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!TryOpen(address))
        {
            var refused = Interlocked.Increment(ref _refused);
            if (refused == 1 || refused % 1000 == 0)
                log.Error($"REST server: {address} holds {perAddress} connections (max_connections_per_ip); {refused} connections closed at once");
            connection.Abort(new ConnectionAbortedException($"{address} holds {perAddress} connections already"));
            return;
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Close(address);
        }
    };

    private bool TryOpen(IPAddress address)
    {
        while (true)
        {
            var open = _open.GetOrAdd(address, 0);
            if (open >= perAddress) return false;
            if (_open.TryUpdate(address, open + 1, open)) return true;
        }
    }

    private void Close(IPAddress address)
    {
        while (true)
        {
            var open = _open[address];
            if (open == 1 ? _open.TryRemove(new KeyValuePair<IPAddress, int>(address, 1)) : _open.TryUpdate(address, open - 1, open)) return;
        }
    }
}
