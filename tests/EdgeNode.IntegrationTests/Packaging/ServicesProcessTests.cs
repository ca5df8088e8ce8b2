using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EdgeNode.IntegrationTests.Packaging;

/// <summary>
/// The services a deployed node runs beside its SQLite loads, each in the node's own process: PostgreSQL, its MQTT
/// broker, email through an SMTP server, REST over TLS with the metrics and the status page. In the main suite the
/// process is <c>dotnet edgenode.dll</c>; <c>scripts/test.sh</c> runs this class again against the Native AOT executable
/// (<c>EDGENODE_EXECUTABLE</c>), the program EdgeNode's image ships, where a library that needs run-time code generation or
/// reflection would fail only here.
/// </summary>
public sealed class ServicesProcessTests(PostgresFixture postgres) : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("EdgeNode Services CA");

    [Fact]
    public async Task PostgreSQL_is_connected_written_and_queried()
    {
        var server = await postgres.ServerAsync();
        var dbms = PostgresFixture.UniqueDatabase("svc");
        await using var node = NodeProcess.Start();
        Assert.Equal($"Database {dbms} using psql connected!", await node.OkAsync($"connect dbms {dbms} where {server.ConnectOptions}"));
        await node.OkAsync($"sql {dbms} \"create table sales (id int, amount decimal, sold timestamp)\"");
        Assert.Equal("2 rows affected",
            await node.OkAsync($"sql {dbms} \"insert into sales values (1, 9.5, '2026-11-28 10:00:00'), (2, 0.5, '2026-11-28 11:00:00')\""));
        Assert.Equal("{\"Query\":[{\"id\":2,\"amount\":0.5}]}", await node.OkAsync($"sql {dbms} stat = false \"select id, amount from sales where id = 2\""));
    }

    [Fact]
    public async Task The_broker_acknowledges_maps_and_relays_MQTT_messages()
    {
        await using var node = NodeProcess.Start();
        var port = FreePort.Get();
        await node.OkAsync($"run message broker where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true");
        await node.OkAsync("run msg client where broker = local and topic = (name = svc/readings and dbms = svc and table = readings and " +
                           "column.value.float = \"bring [value]\")");
        using var subscriber = await MosquittoClients.SubscribeAsync(port, "svc/#", 20, TimeSpan.FromSeconds(30));

        var published = await MosquittoClients.PublishAsync(port, "svc/readings", Enumerable.Range(0, 20).Select(i => $"{{\"value\": {i}}}"), qos: 1);

        Assert.True(published.ExitCode == 0, published.Errors);
        await Eventually.HoldsAsync(() => subscriber.Messages.Count == 20, "the subscriber receives the 20 messages through the broker");
        Assert.Matches(@$"127\.0\.0\.1:{port}\|svc/readings\s*\|[^|]+\|\s*20\|\s*20\|\s*0\|", await node.OkAsync("get msg broker"));
    }

    [Fact]
    public async Task Email_reaches_the_SMTP_server()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var node = NodeProcess.Start();
        await node.OkAsync($"run smtp client where host = 127.0.0.1 and port = {sink.Port} and email = {SmtpSink.User} and password = {SmtpSink.Password}");

        await node.OkAsync("email to ops@example.com where subject = \"disk full\" and message = \"node n1\"");

        await Eventually.HoldsAsync(() => sink.Messages.Count == 1, "the SMTP server receives the email");
        Assert.Equal("disk full", sink.Messages[0].Message.Subject);
    }

    [Fact]
    public async Task REST_over_TLS_serves_commands_metrics_and_the_status_page()
    {
        await using var node = NodeProcess.Start();
        var pemDir = (await node.OkAsync("get !pem_dir")).Trim();
        Directory.CreateDirectory(pemDir);
        using (var certificate = _ca.Issue("127.0.0.1", server: true)) _ca.WriteServerFiles(pemDir, "svc", certificate);
        _ca.WriteCaFile(pemDir, "svc");
        var port = FreePort.Get();
        await node.OkAsync($"run rest server where internal_ip = 127.0.0.1 and internal_port = {port} and bind = true and ssl = true " +
                           "and server_org = svc and ca_org = svc and client_cert = optional");
        using var https = Client(port);

        using var status = new HttpRequestMessage(HttpMethod.Get, "/");
        status.Headers.TryAddWithoutValidation("User-Agent", "AnyLog/1.23");
        status.Headers.TryAddWithoutValidation("command", "get status");
        Assert.EndsWith("running", await (await https.SendAsync(status, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var metrics = await PrometheusText.ParseAsync(await https.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        Assert.Contains(metrics, s => s.Name == "edgenode_process_up" && s.Has("process", "REST") && s.Value == 1);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var html = await https.SendAsync(page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>", await html.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>An HTTPS client that trusts only the test CA (and shows no certificate of its own).</summary>
    private HttpClient Client(int port)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) => server is X509Certificate2 presented && _ca.Signed(presented);
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public void Dispose() => _ca.Dispose();
}
