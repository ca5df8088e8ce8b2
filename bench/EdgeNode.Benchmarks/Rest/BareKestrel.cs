using System.Net;
using EdgeNode.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeNode.Benchmarks.Rest;

/// <summary>
/// Kestrel configured as the node's REST server is (HTTP/1.1, no server header, 127.0.0.1 on a free port) running one
/// handler and nothing else: the floor the REST benchmarks measure the node against.
/// </summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BareKestrel> StartAsync(RequestDelegate handler)
    {
        var port = FreePort.Get();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new BareKestrel(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
