using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EdgeNode.TestSupport;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port that keeps every message it receives, as
/// MimeKit parses it, with the envelope recipients and the user that logged in. Stopped on dispose (also when a test
/// fails); <see cref="StartAgainAsync"/> restarts it on the same port (a mail server that comes back).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _messages = new();
    private CancellationTokenSource? _stopping;
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    private SmtpSink(int port) => Port = port;

    public int Port { get; }

    /// <summary>The login a client must use (any other password is refused).</summary>
    public const string User = "node@example.com";
    public const string Password = "secret";

    public IReadOnlyList<ReceivedMail> Messages => [.. _messages];

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink(FreePort.Get());
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>Starts listening (again) on <see cref="Port"/>.</summary>
    public async Task StartAgainAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("127.0.0.1")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AllowUnsecureAuthentication(true))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        _server = new SmtpServer.SmtpServer(options, services);
        _stopping = new CancellationTokenSource();
        _running = _server.StartAsync(_stopping.Token);
        // StartAsync returns when the server stops; wait until the port answers
        await Eventually.HoldsAsync(() =>
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, $"the SMTP sink listening on 127.0.0.1:{Port}");
    }

    /// <summary>Stops listening (a mail server that is down); the messages received so far are kept.</summary>
    public async Task StopAsync()
    {
        if (_server is null || _stopping is null) return;
        _server.Shutdown();
        await _stopping.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // the server was cancelled: stopped
        }
        _stopping.Dispose();
        _server = null;
        _stopping = null;
    }

    public Task WaitForAsync(int count, string what) =>
        Eventually.HoldsAsync(() => _messages.Count >= count, $"{count} message(s) at the SMTP sink: {what}", TestSupport.NodeProcess.EventBudget);

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(SmtpServer.ISessionContext context, SmtpServer.IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            var recipients = transaction.To.Select(m => $"{m.User}@{m.Host}").ToList();
            sink._messages.Enqueue(new ReceivedMail(message, recipients, context.Authentication.User));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

/// <summary>A message the <see cref="SmtpSink"/> received: its headers and body, the envelope recipients, the login used.</summary>
public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> Recipients, string? User)
{
    public string Body => Message.TextBody ?? "";
}
