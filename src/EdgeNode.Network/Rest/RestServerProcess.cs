using System.Text;
using EdgeNode.Core;
using EdgeNode.Core.Output;
using EdgeNode.Core.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The REST process (<c>run rest server</c>): Kestrel listening where the options say, every request handled by one
/// <see cref="RestRequestHandler"/>. Kestrel's limits protect the node from clients: body and header sizes (413/431),
/// a deadline for the request headers, minimum data rates for slow uploads and downloads, a cap on connections and on the
/// connections of one client address, and an idle timeout that also closes connections that never send a request.
/// </summary>
internal sealed class RestServerProcess : NodeProcess, IListenerProcess
{

    private WebApplication? _app;

    public RestServerProcess(Node node, RestServerOptions options, RestTlsFiles? tls) : base(node.Log)
    {
        Tls = tls;
        Options = options;
        Handler = new RestRequestHandler(node, options);
        _perAddress = new RestConnectionLimit(options.MaxConnectionsPerIp, node.Log);
        _metrics = node.Metrics;
        _history = node.Metrics.History;
        _time = node.Time;
    }

    private readonly Core.Metrics.NodeMetrics _metrics;
    private readonly Core.Metrics.IngestHistory _history;
    private readonly TimeProvider _time;

    private readonly RestConnectionLimit _perAddress;

    public RestServerOptions Options { get; }
    public RestTlsFiles? Tls { get; }
    public RestRequestHandler Handler { get; }

    public override string Name => ProcessNames.Rest;
    public override ShutdownStage Stage => ShutdownStage.Listener;
    public string ExternalAddress => Options.ExternalAddress;
    public string InternalAddress => Options.InternalAddress;
    public string BindAddress => Options.BindAddress;
    public string Url => $"{Options.Scheme}://{Options.ExternalAddress}";

    protected override string DescribeConfiguration() =>
        $"Listening on: {Options.InternalAddress}, Threads Pool: {Options.Threads}, Timeout: {Options.TimeoutSeconds}, " +
        $"SSL: {PythonFormat.Bool(Options.Ssl)}";

    protected override async Task OnStartingAsync(CancellationToken cancellation)
    {
        var https = Tls?.CreateHttpsOptions(Options.ClientCertificateRequired);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // the node owns Ctrl+C and SIGTERM: the web host must not install the console lifetime that reacts to them
        builder.Services.AddSingleton<IHostLifetime, RestHostLifetime>();
        builder.WebHost.UseKestrelCore();
        if (https is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // commands in headers may hold any text: curl sends it as UTF-8 (Kestrel would otherwise accept ASCII only)
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.UTF8;
            kestrel.Limits.MaxRequestBodySize = Options.MaxBodySize;
            kestrel.Limits.MaxRequestHeadersTotalSize = Options.MaxHeaderSize;
            kestrel.Limits.MaxRequestLineSize = Options.MaxHeaderSize;
            kestrel.Limits.MaxRequestHeaderCount = 200;
            // a connection that sends nothing (none of a first request, nothing after a reply) is closed after idle_timeout;
            // headers started must be complete within it too
            kestrel.Limits.KeepAliveTimeout = Options.IdleTimeout;
            kestrel.Limits.RequestHeadersTimeout = Options.IdleTimeout;
            kestrel.Limits.MaxConcurrentConnections = Options.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
            kestrel.Listen(Options.ListenAddress, Options.InternalPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(_perAddress.Wrap);
                if (https is not null) listen.UseHttps(https);
            });
        });
        var app = builder.Build();
        app.Run(Handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        _app = app;
    }

    /// <summary>While the server runs, the node's row totals are sampled for the status page's ingest sparklines.</summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        Handler.StartMetrics();
        _history.Add(_metrics.Sample(_time.GetUtcNow().UtcDateTime));
        using var timer = new PeriodicTimer(Core.Metrics.IngestHistory.Interval, _time);
        while (await timer.WaitForNextTickAsync(stopping)) _history.Add(_metrics.Sample(_time.GetUtcNow().UtcDateTime));
    }

    protected override async Task OnStoppingAsync(CancellationToken cancellation)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null) return;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(TimeSpan.FromSeconds(3)); // calls in flight get 3 s, then their connections are closed
        try
        {
            await app.StopAsync(bounded.Token);
        }
        finally
        {
            await app.DisposeAsync();
            await Handler.Abandoned.DrainAsync(TimeSpan.FromSeconds(2));
        }
    }
}
